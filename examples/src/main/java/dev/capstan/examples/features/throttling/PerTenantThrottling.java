package dev.capstan.examples.features.throttling;

import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobRequest;
import dev.capstan.examples.DemoRedis;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.ratelimit.RateLimiter;
import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.worker.JobTypeOptions;
import dev.capstan.worker.Throttles;
import dev.capstan.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Per-tenant throttling: each tenant may start 2 exports per second, across all workers. A big
 * tenant's backlog waits its turn in the scheduled set (holding no worker thread, using no
 * attempt) while a small tenant's jobs run at once.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.capstan.examples.features.throttling.PerTenantThrottling
 * </pre>
 */
public final class PerTenantThrottling {

    public record Export(String tenant, int number) {}

    /** Records when each tenant's exports started. */
    static final class RunExport implements JobHandler<Export> {
        final Map<String, List<Instant>> startsByTenant = new ConcurrentHashMap<>();
        final Semaphore started = new Semaphore(0);

        @Override
        public String type() {
            return "export";
        }

        @Override
        public Class<Export> argsType() {
            return Export.class;
        }

        @Override
        public void handle(Export export, JobContext context) {
            startsByTenant.computeIfAbsent(export.tenant(), t -> new CopyOnWriteArrayList<>()).add(Instant.now());
            started.release();
            System.out.printf("%s  export %s #%d%n", LocalTime.now(), export.tenant(), export.number());
        }
    }

    public static void main(String[] args) throws Exception {
        try (DemoRedis redis = DemoRedis.open(); CapstanRedis capstan = CapstanRedis.connect(redis.url())) {
            run(capstan, 8, 2).forEach((tenant, starts) -> System.out.printf("%s: %d exports in %d ms%n", tenant,
                    starts.size(), Duration.between(starts.get(0), starts.get(starts.size() - 1)).toMillis()));
        }
    }

    /** Enqueues {@code big} exports for tenant "acme", then {@code small} for "globex"; returns start times per tenant. */
    public static Map<String, List<Instant>> run(CapstanRedis capstan, int big, int small) throws InterruptedException {
        RunExport exports = new RunExport();
        RateLimiter perTenant = RateLimiters.on(capstan.redis(), capstan.namespace())
                .gcra("exports-per-tenant", 2, Duration.ofSeconds(1), 1);   // 2 per second, no burst
        Worker worker = Worker.builder(capstan)
                .handler(exports, JobTypeOptions.defaults()
                        .withThrottle(Throttles.rate(perTenant, job -> job.metadata().get("tenant"))))
                .queues("exports")
                .build()
                .start();
        try {
            List<JobRequest> requests = new ArrayList<>();
            for (int i = 1; i <= big; i++) {
                requests.add(JobRequest.of("export", new Export("acme", i)).queue("exports").metadata("tenant", "acme"));
            }
            for (int i = 1; i <= small; i++) {
                requests.add(JobRequest.of("export", new Export("globex", i)).queue("exports").metadata("tenant", "globex"));
            }
            capstan.client().enqueueAll(requests);
            if (!exports.started.tryAcquire(big + small, 10L + big, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not every export started: " + exports.startsByTenant);
            }
            return Map.copyOf(exports.startsByTenant);
        } finally {
            worker.close();
        }
    }
}
