package dev.capstan.dashboard;

import dev.capstan.api.LifecycleAdmin;
import dev.capstan.api.QueueAdmin;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.gates.JobGates;
import dev.capstan.redis.livestatus.LiveStatus;
import dev.capstan.redis.presence.Presence;
import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.scheduler.ScheduleAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Configures a {@link Dashboard}. Required: the {@link QueueAdmin} to read through, and either
 * {@link #credentials(String, String)} or an explicit {@link #insecureNoAuth()}.
 *
 * <p>Each optional part takes either a small interface of the dashboard's own (for any source) or
 * the Capstan object it adapts (wrapped in the adapter named in its documentation), so a worker
 * process embeds the dashboard with the objects it already has:
 *
 * <pre>{@code
 * Dashboard dashboard = Dashboard.builder()
 *         .admin(capstan.admin())
 *         .workers(capstan.workers())                       // Presence
 *         .controls(worker.gates())                         // JobGates: pause, quiet, switch off
 *         .stats(new TimeSeriesCounter(capstan.redis(), capstan.namespace()))
 *         .lifecycle(capstan.jobs())                        // job status, results, Cancel, batches
 *         .credentials("ops", System.getenv("CAPSTAN_DASHBOARD_PASSWORD"))
 *         .build()
 *         .start(8080);
 * }</pre>
 *
 * <p>Security defaults: it listens on 127.0.0.1 only ({@link #host}); it answers only to loopback
 * names and IP addresses in {@code Host} ({@link #allowedHosts}); logins are throttled per address
 * and per user name ({@link #loginThrottle}); sessions end after 30 idle minutes and at the latest
 * 12 hours after the login.
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
    final List<Credentials> logins = new ArrayList<>();
    boolean insecureNoAuth;
    boolean readOnly;
    SessionStore sessions;
    Duration sessionIdleTimeout = Duration.ofMinutes(30);
    Duration sessionMaxLifetime = Duration.ofHours(12);
    String host = "127.0.0.1";
    final List<String> allowedHosts = new ArrayList<>();
    boolean anyHost;
    boolean secureCookie;
    boolean authenticatedUpstream;
    String upstreamRole;
    java.util.function.Supplier<String> metrics;
    LoginThrottle loginThrottle;
    String clientAddressHeader;

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

    /** The workers of a presence group, e.g. {@code capstan.workers()} (a {@link PresenceWorkerDirectory}). */
    public DashboardBuilder workers(Presence workers) {
        return workers(new PresenceWorkerDirectory(Objects.requireNonNull(workers, "workers")));
    }

    /** Optional live progress of running jobs. */
    public DashboardBuilder progress(LiveProgress progress) {
        this.progress = progress;
        return this;
    }

    /** The job progress workers publish in live status topic "jobs" (a {@link LiveStatusJobProgress}). */
    public DashboardBuilder progress(LiveStatus status) {
        return progress(new LiveStatusJobProgress(Objects.requireNonNull(status, "status")));
    }

    /** Optional schedules tab. */
    public DashboardBuilder schedules(ScheduleDirectory schedules) {
        this.schedules = schedules;
        return this;
    }

    /** The periodic schedules of the scheduler (a {@link ScheduleAdminDirectory}). */
    public DashboardBuilder schedules(ScheduleAdmin schedules) {
        return schedules(new ScheduleAdminDirectory(Objects.requireNonNull(schedules, "schedules")));
    }

    /** Optional feature-flags tab. */
    public DashboardBuilder flags(FlagDirectory flags) {
        this.flags = flags;
        return this;
    }

    /** Capstan's feature flags (a {@link FeatureFlagDirectory}). */
    public DashboardBuilder flags(FeatureFlags flags) {
        return flags(new FeatureFlagDirectory(Objects.requireNonNull(flags, "flags")));
    }

    /**
     * Optional switches that workers obey: pause and resume buttons on queues, Quiet on workers,
     * switching job types off and on.
     */
    public DashboardBuilder controls(Controls controls) {
        this.controls = controls;
        return this;
    }

    /** The gates workers obey, e.g. {@code worker.gates()} or {@code new JobGates(flags)} (a {@link JobGatesControls}). */
    public DashboardBuilder controls(JobGates gates) {
        return controls(new JobGatesControls(gates));
    }

    /** Optional throughput charts (processed and failed per minute). */
    public DashboardBuilder stats(StatsSource stats) {
        this.stats = stats;
        return this;
    }

    /** The counters workers write, {@code new TimeSeriesCounter(capstan.redis(), capstan.namespace())} (a {@link TimeSeriesStatsSource}). */
    public DashboardBuilder stats(TimeSeriesCounter counter) {
        return stats(new TimeSeriesStatsSource(counter));
    }

    /**
     * Optional job lifecycles, {@code capstan.jobs()} (which is a {@link LifecycleAdmin}, as
     * {@code capstan.admin()} is a {@link QueueAdmin}): tracked jobs' status, result and state history on
     * the job page (also after they finished, found by id), Cancel buttons (not for read-only users),
     * each queue's cancelled jobs, and the batches page.
     */
    public DashboardBuilder lifecycle(LifecycleAdmin lifecycle) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        return this;
    }

    /**
     * A user name and password of the login form, for a user who may do everything (compared in
     * constant time; the password needs at least 12 characters). Call again for more users.
     */
    public DashboardBuilder credentials(String user, String password) {
        logins.add(new Credentials(user, password, Role.ADMIN));
        return this;
    }

    /** A user who sees everything and changes nothing: every action answers 403, and the page shows no buttons. */
    public DashboardBuilder readOnlyCredentials(String user, String password) {
        logins.add(new Credentials(user, password, Role.READ_ONLY));
        return this;
    }

    /** Makes everyone read-only, whatever their credentials (and the anonymous user of {@link #insecureNoAuth()}). */
    public DashboardBuilder readOnly() {
        this.readOnly = true;
        return this;
    }

    /**
     * Turns the login off: anyone who reaches the port can see every job's arguments and delete
     * jobs. For a demo on your own machine only; logged as a warning at start. Actions still need
     * the page's CSRF token, and the host checks still apply, so other web sites cannot trigger them
     * through your browser.
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

    /** Where sessions live; an {@link InMemorySessionStore} by default, a {@link RedisSessionStore} to share them. */
    public DashboardBuilder sessions(SessionStore sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        return this;
    }

    /** Sessions in Redis, shared by dashboard instances (a {@link RedisSessionStore}). */
    public DashboardBuilder sessions(dev.capstan.redis.session.SessionStore sessions) {
        return sessions(new RedisSessionStore(Objects.requireNonNull(sessions, "sessions")));
    }

    /** A session without a request for this long ends (default 30 minutes). */
    public DashboardBuilder sessionIdleTimeout(Duration idle) {
        this.sessionIdleTimeout = positive(idle, "session idle timeout");
        return this;
    }

    /** A session ends this long after its login at the latest, however active (default 12 hours). */
    public DashboardBuilder sessionMaxLifetime(Duration lifetime) {
        this.sessionMaxLifetime = positive(lifetime, "session maximum lifetime");
        return this;
    }

    /**
     * The interface to listen on: 127.0.0.1 by default (this machine only). "0.0.0.0" for every
     * interface, e.g. in a container; then add the names it is reached by with {@link #allowedHosts}.
     */
    public DashboardBuilder host(String host) {
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    /**
     * Host names the dashboard answers to besides the defaults (localhost, {@code *.localhost} and
     * any IP address): exact names, or {@code *.example.com} for its subdomains. Requests with any
     * other {@code Host} header get 403: this stops DNS rebinding, where a web page whose name now
     * points at your machine talks to the dashboard from your browser.
     */
    public DashboardBuilder allowedHosts(String... names) {
        AllowedHosts.of(Arrays.asList(names)); // checks them now, not at the first request
        allowedHosts.addAll(Arrays.asList(names));
        return this;
    }

    /** Answers to every {@code Host}. Only when something in front (a proxy, the application that mounts it) checks it instead. */
    public DashboardBuilder allowAnyHost() {
        this.anyHost = true;
        return this;
    }

    /** Marks the session cookie Secure: set this when the dashboard is served over HTTPS (e.g. behind a TLS proxy). */
    public DashboardBuilder secureCookie(boolean secure) {
        this.secureCookie = secure;
        return this;
    }

    /** How login attempts are limited; {@link LoginThrottle#perProcess()} by default. */
    public DashboardBuilder loginThrottle(LoginThrottle throttle) {
        this.loginThrottle = Objects.requireNonNull(throttle, "throttle");
        return this;
    }

    /** Login attempts counted in Redis, shared by every dashboard instance (a {@link RedisLoginThrottle}). */
    public DashboardBuilder loginThrottle(RateLimiters limiters) {
        return loginThrottle(new RedisLoginThrottle(limiters));
    }

    /**
     * Behind a proxy: the header in which it passes the client's address (e.g. "X-Forwarded-For";
     * the last entry counts), so that the login throttle counts per client, not per proxy. Only if
     * the dashboard cannot be reached except through that proxy: otherwise clients can make it up.
     */
    public DashboardBuilder clientAddressHeader(String header) {
        this.clientAddressHeader = Objects.requireNonNull(header, "header");
        return this;
    }

    /** The logins, with every role lowered to read-only under {@link #readOnly()}. */
    Users users() {
        if (!readOnly) {
            return new Users(logins);
        }
        List<Credentials> lowered = new ArrayList<>();
        logins.forEach(c -> lowered.add(c.withRole(Role.READ_ONLY)));
        return new Users(lowered);
    }

    AllowedHosts hosts() {
        return anyHost ? AllowedHosts.any() : AllowedHosts.of(allowedHosts);
    }

    public Dashboard build() {
        if (admin == null) {
            throw new IllegalStateException("the dashboard needs a QueueAdmin: builder().admin(capstan.admin())");
        }
        if (logins.isEmpty() && !insecureNoAuth) {
            throw new IllegalStateException("the dashboard needs credentials(user, password), "
                    + "or insecureNoAuth() to run without a login (local demos only)");
        }
        if (!logins.isEmpty() && insecureNoAuth) {
            throw new IllegalStateException("credentials(...) and " + (authenticatedUpstream ? "authenticatedUpstream()" : "insecureNoAuth()")
                    + " contradict each other");
        }
        users(); // refuses a user name given twice
        if (sessions == null) {
            sessions = new InMemorySessionStore();
        }
        if (loginThrottle == null) {
            loginThrottle = LoginThrottle.perProcess();
        }
        return new Dashboard(this);
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }
}
