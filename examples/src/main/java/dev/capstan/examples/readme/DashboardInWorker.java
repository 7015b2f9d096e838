package dev.capstan.examples.readme;

import dev.capstan.dashboard.Dashboard;
import dev.capstan.examples.jobs.SendWelcomeEmail;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.livestatus.LiveStatus;
import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.redis.session.SessionStore;
import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.worker.Worker;

/**
 * A worker process with the dashboard inside it, wired to Capstan's own objects (the README's
 * Dashboard section shows the builder part). Environment: {@code REDIS_URL} (default
 * redis://127.0.0.1:6379), {@code CAPSTAN_DASHBOARD_PASSWORD} and {@code CAPSTAN_VIEWER_PASSWORD}
 * (12 characters or more), {@code DASHBOARD_PORT} (default 8080). Runs until SIGTERM.
 */
public final class DashboardInWorker {
    private DashboardInWorker() {}

    public static void main(String[] args) throws InterruptedException {
        String url = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
        int port = Integer.parseInt(System.getenv().getOrDefault("DASHBOARD_PORT", "8080"));
        String opsPassword = required("CAPSTAN_DASHBOARD_PASSWORD");
        String viewerPassword = required("CAPSTAN_VIEWER_PASSWORD");
        try (CapstanRedis capstan = CapstanRedis.connect(url);
             FeatureFlags flags = new FeatureFlags(capstan.redis(), capstan.namespace())) {
            Worker worker = Worker.builder(capstan).handler(new SendWelcomeEmail()).build().start().closeOnShutdown();
            // tag::dashboard[]
            Dashboard dashboard = Dashboard.builder()
                    .admin(capstan.admin())
                    .workers(capstan.workers())                                   // who is online, what each runs
                    .controls(worker.gates())                                     // pause, quiet, switch job types off
                    .stats(new TimeSeriesCounter(capstan.redis(), capstan.namespace()))       // jobs per minute
                    .progress(new LiveStatus(capstan.redis(), capstan.namespace()))           // progress of running jobs
                    .schedules(new ScheduleAdmin(capstan.redis(), capstan.settings(), capstan.codec()))
                    .flags(flags)
                    .sessions(new SessionStore(capstan.redis(), capstan.namespace()))         // logins survive restarts
                    .loginThrottle(RateLimiters.on(capstan.redis(), capstan.namespace()))     // shared by all instances
                    .credentials("ops", opsPassword)                              // may do everything
                    .readOnlyCredentials("viewer", viewerPassword)                // sees everything, changes nothing
                    .build()
                    .start(port);                                                 // on 127.0.0.1 only, by default
            // end::dashboard[]
            System.out.println("dashboard on " + dashboard.url());
            worker.awaitTermination();
            dashboard.close();
        }
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("set " + name + " (at least 12 characters)");
        }
        return value;
    }
}
