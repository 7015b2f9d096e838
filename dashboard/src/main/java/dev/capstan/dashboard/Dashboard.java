package dev.capstan.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.servlet.JavalinServlet;
import jakarta.servlet.Servlet;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capstan's bundled web dashboard: queues, their jobs in every state, workers, and the repair
 * actions (retry, delete, purge), served as one static page and a small JSON API under {@code /api}.
 * With {@link Controls} it also pauses and resumes queues, quiets workers and switches job types
 * off and on; with a {@link StatsSource} it charts processed and failed jobs per minute.
 *
 * <p>It reads only through {@link dev.capstan.api.QueueAdmin} and the small interfaces given to
 * its {@link DashboardBuilder}, never Redis keys, so it shows exactly what the admin API
 * guarantees. Every listing is paged; the page polls every 2 seconds while open, and each poll
 * costs the admin API calls of the view being shown (see {@code QueueAdmin} for their cost).
 *
 * <p>Security: a login with one configured user name and password, sessions in a
 * {@link SessionStore} behind an HttpOnly, SameSite=Strict cookie, a per-session CSRF token
 * required on every action, and a Content-Security-Policy that allows only the dashboard's own
 * scripts. There are no roles: whoever logs in may delete jobs. Serve it over HTTPS (a TLS proxy,
 * with {@link DashboardBuilder#secureCookie(boolean)}) when it leaves your machine.
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);

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
                    !!! Capstan dashboard on port {} runs WITHOUT A LOGIN (insecureNoAuth): anyone who can \
                    reach this port can read every job's arguments and delete jobs. Use it for local demos only. !!!""",
                    port());
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
        SessionAuth auth = new SessionAuth(config.credentials, config.sessions, config.sessionIdleTimeout,
                config.secureCookie);
        WebAssets assets = new WebAssets();
        ApiRoutes api = new ApiRoutes(config);
        ObjectMapper json = new ObjectMapper();
        return Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.startup.startupWatcherEnabled = false; // mounted as a servlet, the app is never started itself
            c.jsonMapper(new JavalinJackson(json, false));
            c.http.maxRequestSize = 64 * 1024;
            c.routes.before(SecurityHeaders::apply);
            auth.register(c.routes, assets);
            api.register(c.routes);
            new ControlRoutes(config).register(c.routes);
            new StatsRoutes(config).register(c.routes);
            new LifecycleRoutes(config).register(c.routes);
            new MetricsRoute(config).register(c.routes);
        });
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
