package dev.capstan.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.servlet.JavalinServlet;
import jakarta.servlet.Servlet;
import io.javalin.json.JavalinJackson;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capstan's bundled web dashboard: queues, their jobs in every state, workers, and the repair
 * actions (retry, delete, purge), served as one static page and a small JSON API under {@code /api}
 * (every route: docs/DASHBOARD-API.md). With {@link Controls} it also pauses and resumes queues,
 * quiets workers and switches job types off and on; with a {@link StatsSource} it charts processed
 * and failed jobs per minute.
 *
 * <p>It reads only through {@link dev.capstan.api.QueueAdmin} and the small interfaces given to
 * its {@link DashboardBuilder}, never Redis keys, so it shows exactly what the admin API
 * guarantees. Every listing is paged; the page polls every 2 seconds while open, and each poll
 * costs the admin API calls of the view being shown (see {@code QueueAdmin} for their cost).
 *
 * <p>Security: it listens on 127.0.0.1 unless told otherwise, and answers only to allowed host
 * names (against DNS rebinding). A login with configured users (admin or read-only), throttled per
 * client address and per user name; sessions in a {@link SessionStore} behind an HttpOnly,
 * SameSite=Strict cookie, with an idle timeout and a maximum lifetime; a per-session CSRF token on
 * every action and an Origin check on every POST (the login's too); security headers on every
 * response, including Jetty's own error pages. Serve it over HTTPS (a TLS proxy, with
 * {@link DashboardBuilder#secureCookie(boolean)}) when it leaves your machine.
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    /** Request bodies are tiny (a login form); anything bigger is refused before it is read. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final DashboardBuilder config;
    private Javalin app;

    Dashboard(DashboardBuilder config) {
        this.config = config;
    }

    public static DashboardBuilder builder() {
        return new DashboardBuilder();
    }

    /** Starts serving on {@code port}; 0 picks a free port (see {@link #port()}). */
    public synchronized Dashboard start(int port) {
        if (app != null) {
            throw new IllegalStateException("the dashboard is already running on port " + port());
        }
        Javalin created = create();
        created.start(config.host, port);
        app = created;
        if (config.insecureNoAuth && !config.authenticatedUpstream) {
            log.warn("""
                    !!! Capstan dashboard on {}:{} runs WITHOUT A LOGIN (insecureNoAuth): anyone who can \
                    reach this port can read every job's arguments and delete jobs. Use it for local demos only. !!!""",
                    config.host, port());
        } else {
            log.info("Capstan dashboard listening on {}:{}", config.host, port());
        }
        return this;
    }

    /**
     * The dashboard as a servlet, to mount inside another application's web server (Tomcat, Jetty,
     * Undertow) at {@code mountPath}, e.g. "/capstan" (the full path, including the application's
     * context path): register it for {@code mountPath + "/*"}. The
     * page and API are the same as {@link #start(int)} serves; requests for {@code mountPath} itself are
     * redirected to {@code mountPath + "/"} (the page's links are relative).
     */
    public Servlet servlet(String mountPath) {
        String path = MountedServlet.normalize(mountPath);
        // Javalin's plain servlet: javalinServlet() is its Jetty WebSocket servlet, which needs Jetty's own context.
        Servlet javalin = new JavalinServlet(create().unsafe);
        return new MountedServlet(path, javalin, config.authenticatedUpstream, config.upstreamRole);
    }

    /** The Javalin application with every route. */
    private Javalin create() {
        AllowedHosts hosts = config.hosts();
        SessionAuth auth = new SessionAuth(config);
        WebAssets assets = new WebAssets();
        ObjectMapper json = new ObjectMapper();
        return Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.startup.startupWatcherEnabled = false; // mounted as a servlet, the app is never started itself
            c.jsonMapper(new JavalinJackson(json, false));
            c.http.maxRequestSize = MAX_REQUEST_BYTES;
            c.jetty.modifyServer(server -> server.setErrorHandler(new SecureErrorHandler()));
            c.routes.before(SecurityHeaders::apply);
            c.routes.before(new HostGuard(hosts)::check);
            auth.register(c.routes, assets);
            new LoginRoute(config, auth, hosts).register(c.routes);
            new ApiRoutes(config).register(c.routes);
            new ControlRoutes(config).register(c.routes);
            new StatsRoutes(config).register(c.routes);
            new LifecycleRoutes(config).register(c.routes);
            new MetricsRoute(config).register(c.routes);
        });
    }

    /** Every route as "METHOD /path" (for the test that keeps docs/DASHBOARD-API.md complete). */
    synchronized List<String> routes() {
        if (app == null) {
            throw new IllegalStateException("the dashboard is not running");
        }
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> e.endpoint.method.isHttpMethod())
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path)
                .distinct().toList();
    }

    /** The port the dashboard listens on (the one picked when started with 0). */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("the dashboard is not running");
        }
        return app.port();
    }

    /** {@code http://localhost:<port>/}, for tests and log lines. */
    public String url() {
        return "http://localhost:" + port() + "/";
    }

    public synchronized void stop() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
