package dev.capstan.examples.readme;

import dev.capstan.dashboard.Dashboard;
import dev.capstan.dashboard.JobGatesControls;
import dev.capstan.dashboard.PresenceWorkerDirectory;
import dev.capstan.dashboard.TimeSeriesStatsSource;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.gates.JobGates;
import dev.capstan.worker.Worker;

/**
 * A worker process with the dashboard embedded (the README's Dashboard section). Set
 * {@code CAPSTAN_DASHBOARD_PASSWORD}; {@code DASHBOARD_PORT} picks the port (default 8080).
 */
public final class WorkerWithDashboard {
    private WorkerWithDashboard() {}

    // tag::dashboard[]
    static Dashboard startDashboard(CapstanRedis capstan, FeatureFlags flags, String password, int port) {
        return Dashboard.builder()
                .admin(capstan.admin())
                .workers(new PresenceWorkerDirectory(capstan.workers()))
                .controls(new JobGatesControls(new JobGates(flags)))           // pause, quiet, switch off
                .stats(new TimeSeriesStatsSource(new TimeSeriesCounter(capstan.redis(), capstan.namespace())))
                .credentials("ops", password)                                  // the login form's user
                .build()
                .start(port);   // 0 picks a free port: dashboard.port()
    }

    public static void main(String[] args) throws InterruptedException {
        String redisUrl = System.getenv().getOrDefault("REDIS_URL", "redis://localhost:6379");
        int port = Integer.parseInt(System.getenv().getOrDefault("DASHBOARD_PORT", "8080"));
        try (CapstanRedis capstan = CapstanRedis.connect(redisUrl);
             FeatureFlags flags = new FeatureFlags(capstan.redis(), capstan.namespace())) {
            Worker worker = Worker.builder(capstan).handler(new SendWelcomeEmail()).build();
            Dashboard dashboard = startDashboard(capstan, flags, System.getenv("CAPSTAN_DASHBOARD_PASSWORD"), port);
            System.out.println("dashboard at " + dashboard.url());
            worker.start().closeOnShutdown().awaitTermination();
            dashboard.stop();   // after the worker; then the flags and the connections close
        }
    }
    // end::dashboard[]
}
