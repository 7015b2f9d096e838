package dev.capstan.examples;

import dev.capstan.api.RetryPolicy;
import dev.capstan.dashboard.Dashboard;
import dev.capstan.examples.jobs.ChargeCard;
import dev.capstan.examples.jobs.NightlyReport;
import dev.capstan.examples.jobs.ResizeImage;
import dev.capstan.examples.jobs.SendWelcomeEmail;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.RedisUrls;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.scheduler.PeriodicSchedule;
import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.worker.JobTypeOptions;
import dev.capstan.worker.Throttles;
import dev.capstan.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The demo: a Redis (yours at REDIS_URL, or one started here), two worker processes' worth of
 * workers, the scheduler (promotion and a periodic job), the dashboard, and a producer.
 *
 * <p>Options (environment): {@code DEMO_PORT} (dashboard port, default 8080), {@code DEMO_SECONDS}
 * (stop after this many seconds; default: run until Ctrl-C).
 *
 * <p>Ctrl-C (or SIGTERM) runs {@link DemoShutdown}: producer, dashboard, workers (their jobs finish or
 * go back to Redis), flags, connections, and the Redis started here last.
 */
public final class Demo {
    static final String USER = "admin";
    static final String PASSWORD = "capstan-demo";
    private static final long STATUS_EVERY_SECONDS = 5;

    public static void main(String[] args) throws Exception {
        DemoLogging.showCapstanInfo();
        int port = Integer.parseInt(System.getenv().getOrDefault("DEMO_PORT", "8080"));
        long seconds = Long.parseLong(System.getenv().getOrDefault("DEMO_SECONDS", "0"));
        DemoRedis redis = DemoRedis.open();
        CapstanRedis capstan;
        Running demo;
        try {
            capstan = CapstanRedis.connect(redis.url());
            demo = start(capstan, port);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        DemoShutdown shutdown = new DemoShutdown(demo, capstan, redis);
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown::run, "demo-shutdown"));
        System.out.printf("%n%s%n", whereRedisIs(redis.url(), redis.embedded()));
        System.out.printf("Dashboard: %s  (log in as %s / %s)%nCtrl-C stops it.%n%n", demo.dashboard().url(), USER, PASSWORD);
        System.out.println(DemoStatus.LEGEND);
        long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
        while (!shutdown.awaitStarted(STATUS_EVERY_SECONDS, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
            try {
                System.out.println(DemoStatus.line(capstan, demo));
            } catch (RuntimeException e) {
                if (!shutdown.started()) {
                    System.out.println("status unavailable: " + e.getMessage());
                }
            }
        }
        shutdown.run(); // after DEMO_SECONDS, or waits for the hook's run to finish
    }

    /** The banner's line about Redis; a password in {@code REDIS_URL} is masked. */
    static String whereRedisIs(String url, boolean startedHere) {
        return String.format("Capstan demo running on %s Redis at %s", startedHere ? "a local" : "your", RedisUrls.redact(url));
    }

    /** Starts everything but the Redis; {@link Running#close()} stops it in order. */
    static Running start(CapstanRedis capstan, int dashboardPort) {
        ScheduleAdmin schedules = new ScheduleAdmin(capstan.redis(), capstan.settings(), capstan.codec());
        schedules.save(PeriodicSchedule.every("nightly-report", Duration.ofSeconds(10), NightlyReport.TYPE,
                "{\"name\":\"signups\"}").withQueue("reports"));
        List<Worker> workers = List.of(worker(capstan), worker(capstan));
        workers.forEach(w -> w.start());
        FeatureFlags flags = new FeatureFlags(capstan.redis(), capstan.namespace());
        Dashboard dashboard = DemoDashboard.build(capstan, flags, USER, PASSWORD);
        dashboard.start(dashboardPort);
        capstan.keepResults(ChargeCard.TYPE, Duration.ofHours(1)); // charges are tracked: status and history on their job page
        DemoProducer producer = new DemoProducer(capstan.client(), capstan.batches());
        producer.start();
        return new Running(workers, dashboard, producer, flags);
    }

    private static Worker worker(CapstanRedis capstan) {
        return Worker.builder(capstan)
                .weightedQueues(Map.of("payments", 3, "mail", 2, "media", 1, "reports", 1))
                .concurrency(10)
                .leaderLease(Duration.ofSeconds(10))
                .countUnique("tenant")
                .handler(new SendWelcomeEmail())
                .handler(new ResizeImage(), JobTypeOptions.defaults().withTimeout(Duration.ofSeconds(30)))
                .handler(new ChargeCard(), JobTypeOptions.defaults()
                        .withRetryPolicy(RetryPolicy.fixed(Duration.ofSeconds(5)))
                        .withThrottle(Throttles.rate(RateLimiters.on(capstan.redis(), capstan.namespace())
                                .gcra("payments", 20, Duration.ofSeconds(1), 5), Throttles.GLOBAL)))
                .handler(new NightlyReport())
                .shutdownTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The demo's running parts. */
    static final class Running implements AutoCloseable {
        private final List<Worker> workers;
        private final Dashboard dashboard;
        private final DemoProducer producer;
        private final FeatureFlags flags;
        private boolean closed;

        Running(List<Worker> workers, Dashboard dashboard, DemoProducer producer, FeatureFlags flags) {
            this.workers = workers;
            this.dashboard = dashboard;
            this.producer = producer;
            this.flags = flags;
        }

        Dashboard dashboard() {
            return dashboard;
        }

        List<Worker> workers() {
            return workers;
        }

        DemoProducer producer() {
            return producer;
        }

        /** Stops producing, serving and fetching, then closes the workers: all of them drain at once. */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            producer.close();
            dashboard.stop();
            // All at once: each waits for its running jobs (up to its shutdown timeout) and pushes back the rest.
            List<Thread> closing = workers.stream()
                    .map(w -> Thread.ofPlatform().name("demo-close-" + w.id()).start(w::close)).toList();
            boolean interrupted = false;
            for (Thread t : closing) {
                while (t.isAlive()) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            flags.close();
        }
    }
}
