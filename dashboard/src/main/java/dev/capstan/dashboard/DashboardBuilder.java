package dev.capstan.dashboard;

import dev.capstan.api.LifecycleAdmin;
import dev.capstan.api.QueueAdmin;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Configures a {@link Dashboard}. Required: the {@link QueueAdmin} to read through, and either
 * {@link #credentials(String, String)} or an explicit {@link #insecureNoAuth()}.
 *
 * <pre>{@code
 * Dashboard dashboard = Dashboard.builder()
 *         .admin(capstan.admin())
 *         .workers(new PresenceWorkerDirectory(capstan.workers()))
 *         .controls(new JobGatesControls(new JobGates(new FeatureFlags(capstan.redis(), capstan.namespace()))))
 *         .stats(new TimeSeriesStatsSource(new TimeSeriesCounter(capstan.redis(), capstan.namespace())))
 *         .credentials("admin", System.getenv("CAPSTAN_DASHBOARD_PASSWORD"))
 *         .build()
 *         .start(8080);
 * }</pre>
 */
public final class DashboardBuilder {
    QueueAdmin admin;
    WorkerDirectory workers = List::of;
    LiveProgress progress;
    ScheduleDirectory schedules;
    FlagDirectory flags;
    Controls controls;
    StatsSource stats;
    LifecycleAdmin lifecycle;
    Credentials credentials;
    boolean insecureNoAuth;
    SessionStore sessions;
    Duration sessionIdleTimeout = Duration.ofMinutes(30);
    String host = "0.0.0.0";
    boolean secureCookie;
    boolean authenticatedUpstream;
    String upstreamRole;
    java.util.function.Supplier<String> metrics;

    DashboardBuilder() {}

    /** The admin API every queue and job view is read through, and every action goes through. */
    public DashboardBuilder admin(QueueAdmin admin) {
        this.admin = Objects.requireNonNull(admin, "admin");
        return this;
    }

    /** Where the workers table comes from; without it the table stays empty. */
    public DashboardBuilder workers(WorkerDirectory workers) {
        this.workers = Objects.requireNonNull(workers, "workers");
        return this;
    }

    /** Optional live progress of running jobs. */
    public DashboardBuilder progress(LiveProgress progress) {
        this.progress = progress;
        return this;
    }

    /** Optional schedules tab. */
    public DashboardBuilder schedules(ScheduleDirectory schedules) {
        this.schedules = schedules;
        return this;
    }

    /** Optional feature-flags tab. */
    public DashboardBuilder flags(FlagDirectory flags) {
        this.flags = flags;
        return this;
    }

    /**
     * Optional switches that workers obey: pause and resume buttons on queues, Quiet on workers,
     * switching job types off and on ({@code new JobGatesControls(new JobGates(flags))}).
     */
    public DashboardBuilder controls(Controls controls) {
        this.controls = controls;
        return this;
    }

    /**
     * Optional throughput charts (processed and failed per minute)
     * ({@code new TimeSeriesStatsSource(new TimeSeriesCounter(capstan.redis(), capstan.namespace()))}).
     */
    public DashboardBuilder stats(StatsSource stats) {
        this.stats = stats;
        return this;
    }

    /**
     * Optional job lifecycles ({@code capstan.jobs()}): tracked jobs' status, result and state history
     * on the job page (also after they finished, found by id), cancel buttons, each queue's cancelled
     * jobs, and the batches page.
     */
    public DashboardBuilder lifecycle(LifecycleAdmin lifecycle) {
        this.lifecycle = lifecycle;
        return this;
    }

    /** The user name and password of the login form (compared in constant time). */
    public DashboardBuilder credentials(String user, String password) {
        this.credentials = new Credentials(user, password);
        return this;
    }

    /**
     * Turns the login off: anyone who reaches the port can see every job's arguments and delete
     * jobs. For a demo on your own machine only; logged as a warning at start. Actions still need
     * the page's CSRF token, so other web sites cannot trigger them through your browser.
     */
    public DashboardBuilder insecureNoAuth() {
        this.insecureNoAuth = true;
        return this;
    }

    /**
     * For a dashboard mounted inside an application whose own security (e.g. Spring Security) already
     * authenticates requests to it ({@link Dashboard#servlet(String)}): no login of its own; a request
     * without an authenticated user ({@code HttpServletRequest.getUserPrincipal()}), or without
     * {@code requiredRole} when one is given, is refused, so a path the application's security forgot
     * stays closed. Actions still need the page's CSRF token.
     */
    public DashboardBuilder authenticatedUpstream(String requiredRole) {
        this.insecureNoAuth = true;
        this.authenticatedUpstream = true;
        this.upstreamRole = requiredRole;
        return this;
    }

    /**
     * Serves {@code GET /metrics} in the Prometheus text format, e.g. {@code .metrics(prometheusMeterRegistry::scrape)}.
     * With credentials, scrapers authenticate with HTTP Basic (Prometheus' {@code basic_auth}).
     */
    public DashboardBuilder metrics(java.util.function.Supplier<String> prometheusText) {
        this.metrics = prometheusText;
        return this;
    }

    /** Where sessions live; an {@link InMemorySessionStore} by default. */
    public DashboardBuilder sessions(SessionStore sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        return this;
    }

    /** A session without a request for this long ends (default 30 minutes). */
    public DashboardBuilder sessionIdleTimeout(Duration idle) {
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("session idle timeout must be positive, was " + idle);
        }
        this.sessionIdleTimeout = idle;
        return this;
    }

    /** The interface to listen on (default all interfaces; "127.0.0.1" for local only). */
    public DashboardBuilder host(String host) {
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    /** Marks the session cookie Secure: set this when the dashboard is served over HTTPS (e.g. behind a TLS proxy). */
    public DashboardBuilder secureCookie(boolean secure) {
        this.secureCookie = secure;
        return this;
    }

    public Dashboard build() {
        if (admin == null) {
            throw new IllegalStateException("the dashboard needs a QueueAdmin: builder().admin(capstan.admin())");
        }
        if (credentials == null && !insecureNoAuth) {
            throw new IllegalStateException("the dashboard needs credentials(user, password), "
                    + "or insecureNoAuth() to run without a login (local demos only)");
        }
        if (credentials != null && insecureNoAuth) {
            throw new IllegalStateException("credentials(...) and " + (authenticatedUpstream ? "authenticatedUpstream()" : "insecureNoAuth()")
                    + " contradict each other");
        }
        if (sessions == null) {
            sessions = new InMemorySessionStore();
        }
        return new Dashboard(this);
    }
}
