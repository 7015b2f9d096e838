package dev.capstan.examples.readme;

import dev.capstan.dashboard.Dashboard;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.livestatus.LiveStatus;
import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.redis.session.SessionStore;
import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.worker.Worker;

/**
 * A worker process with the dashboard embedded, wired to Capstan's own objects (the README's
 * Dashboard section). Environment: {@code REDIS_URL} (default redis://localhost:6379),
 * {@code CAPSTAN_DASHBOARD_PASSWORD} and {@code CAPSTAN_VIEWER_PASSWORD} (12 characters or more),
 * {@code DASHBOARD_PORT} (default 8080). Runs until SIGTERM.
 */
public final class WorkerWithDashboard {
    private WorkerWithDashboard() {}

    // tag::dashboard[]
    static Dashboard startDashboard(CapstanRedis capstan, Worker worker, FeatureFlags flags,
                                    String opsPassword, String viewerPassword, int port) {
        return Dashboard.builder()
                .admin(capstan.admin())
                .workers(capstan.workers())                                   // who is online, what each runs
                .controls(worker.gates())                                     // pause, quiet, switch job types off
                .stats(new TimeSeriesCounter(capstan.redis(), capstan.namespace()))       // jobs per minute
                .progress(new LiveStatus(capstan.redis(), capstan.namespace()))           // progress of running jobs
                .schedules(new ScheduleAdmin(capstan.redis(), capstan.settings(), capstan.codec()))
                .flags(flags)                                                 // the application's own flags
                .lifecycle(capstan.jobs())                                    // tracked jobs, Cancel buttons, batches
                .sessions(new SessionStore(capstan.redis(), capstan.namespace()))         // logins survive restarts
                .loginThrottle(RateLimiters.on(capstan.redis(), capstan.namespace()))     // shared by all instances
                .credentials("ops", opsPassword)                              // may do everything
                .readOnlyCredentials("viewer", viewerPassword)                // sees everything, changes nothing
                .build()
                .start(port);   // on 127.0.0.1 only, by default; 0 picks a free port: dashboard.port()
    }

    public static void main(String[] args) throws InterruptedException {
        String redisUrl = System.getenv().getOrDefault("REDIS_URL", "redis://localhost:6379");
        int port = Integer.parseInt(System.getenv().getOrDefault("DASHBOARD_PORT", "8080"));
        try (CapstanRedis capstan = CapstanRedis.connect(redisUrl);
             FeatureFlags flags = new FeatureFlags(capstan.redis(), capstan.namespace())) {
            Worker worker = Worker.builder(capstan).handler(new SendWelcomeEmail()).build().start().closeOnShutdown();
            Dashboard dashboard = startDashboard(capstan, worker, flags,
                    System.getenv("CAPSTAN_DASHBOARD_PASSWORD"), System.getenv("CAPSTAN_VIEWER_PASSWORD"), port);
            System.out.println("dashboard at " + dashboard.url());
            worker.awaitTermination();
            dashboard.stop();   // after the worker; then the flags and the connections close
        }
    }
    // end::dashboard[]
}
