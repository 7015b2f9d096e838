package dev.capstan.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobOutcome;
import dev.capstan.api.JobRequest;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.PrometheusTextParser;
import dev.capstan.testsupport.PrometheusTextParser.Family;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.JobTypeOptions;
import dev.capstan.worker.Worker;
import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scrapes Capstan's meters in the Prometheus text format and reads them back with Prometheus's own parser. */
@ExtendWith(RedisExtension.class)
class PrometheusScrapeTest {

    record Args(int n) {}

    @Test
    void everyMetricFamilyComesOutInTheTextFormatWithItsValues(RedisTestContext ctx) {
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        // An existing Prometheus Java client registry with an application metric of its own.
        PrometheusRegistry existing = new PrometheusRegistry();
        Counter.builder().name("app_logins_total").help("logins").register(existing).inc(3);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, existing, Clock.SYSTEM);
        CapstanMetrics metrics = ctx.closeAfter(CapstanMetrics.bind(registry, capstan.admin(), Duration.ofMinutes(5)));

        AtomicInteger flaky = new AtomicInteger();
        Worker worker = ctx.closeAfter(Worker.builder(capstan)
                .heartbeat(Duration.ofMillis(200), Duration.ofSeconds(2)).reaper(false, Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(2))
                .middleware(metrics.jobs())
                .handler(JobHandler.of("ok", Args.class, (a, c) -> { }))
                .handler(JobHandler.of("flaky", Args.class, (a, c) -> {
                    if (flaky.incrementAndGet() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                }), JobTypeOptions.defaults().withRetryPolicy(attempts -> Duration.ofHours(1)))
                .handler(JobHandler.of("doomed", Args.class, (a, c) -> {
                    throw new JobOutcome.SendToDead("cannot ever work");
                }))
                .build().start());
        metrics.bindWorker(worker);

        for (int i = 0; i < 5; i++) {
            capstan.client().enqueue("ok", new Args(i));
        }
        capstan.client().enqueue("flaky", new Args(0));
        capstan.client().enqueue("doomed", new Args(0));
        // Two waiting jobs in a queue no worker serves (size and latency), and an overdue delayed job (promoter lag).
        long enqueuedAt = System.currentTimeMillis();
        capstan.client().enqueue(JobRequest.of("ok", new Args(9)).queue("unserved"));
        capstan.client().enqueue(JobRequest.of("ok", new Args(9)).queue("unserved").runAt(Instant.now().minusSeconds(30)));
        Instant dueAt = Instant.now().plusMillis(200); // in the scheduled set of a queue no worker promotes
        capstan.client().enqueue(JobRequest.of("ok", new Args(9)).queue("later").runAt(dueAt));

        await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("capstan.jobs.processed").tag("type", "ok").counter() != null
                && registry.find("capstan.jobs.processed").tag("type", "ok").counter().count() == 5
                && registry.find("capstan.jobs.dead").tag("type", "doomed").counter() != null
                && registry.find("capstan.jobs.retried").tag("type", "flaky").counter() != null
                && Instant.now().isAfter(dueAt.plusMillis(100)));
        metrics.refreshQueues();
        double ageBound = (System.currentTimeMillis() - enqueuedAt) / 1000.0;
        double overdueBound = (System.currentTimeMillis() - dueAt.toEpochMilli()) / 1000.0;

        Map<String, Family> families = PrometheusTextParser.parse(registry.scrape());

        Map<String, String> ok = Map.of("queue", "default", "type", "ok");
        assertEquals("counter", families.get("capstan_jobs_processed").type());
        assertEquals(5.0, families.get("capstan_jobs_processed").value("capstan_jobs_processed_total", ok).orElseThrow());
        assertEquals(1.0, families.get("capstan_jobs_failed").value("capstan_jobs_failed_total",
                Map.of("type", "flaky")).orElseThrow());
        assertEquals(1.0, families.get("capstan_jobs_retried").value("capstan_jobs_retried_total",
                Map.of("type", "flaky")).orElseThrow());
        assertEquals(1.0, families.get("capstan_jobs_dead").value("capstan_jobs_dead_total",
                Map.of("type", "doomed")).orElseThrow());

        Family execution = families.get("capstan_job_execution_seconds");
        assertEquals("histogram", execution.type());
        assertEquals(5.0, execution.value("capstan_job_execution_seconds_count", ok).orElseThrow());
        assertEquals(5.0, execution.value("capstan_job_execution_seconds_bucket",
                Map.of("queue", "default", "type", "ok", "le", "+Inf")).orElseThrow());
        assertTrue(execution.samples().stream().filter(s -> s.name().endsWith("_bucket")).count() >= JobMeters.BUCKETS.length);

        Family size = families.get("capstan_queue_size");
        assertEquals("gauge", size.type());
        assertEquals(2.0, size.value("capstan_queue_size", Map.of("queue", "unserved")).orElseThrow());
        double latency = families.get("capstan_queue_latency_seconds").value("capstan_queue_latency_seconds",
                Map.of("queue", "unserved")).orElseThrow();
        assertTrue(latency > 0 && latency <= ageBound + 0.5, "latency " + latency + " s, jobs waiting at most " + ageBound + " s");
        assertEquals(1.0, families.get("capstan_queue_scheduled").value("capstan_queue_scheduled",
                Map.of("queue", "default")).orElseThrow()); // the flaky job's retry, an hour away
        assertEquals(1.0, families.get("capstan_queue_dead").value("capstan_queue_dead",
                Map.of("queue", "default")).orElseThrow());
        double lag = families.get("capstan_promoter_lag_seconds").value("capstan_promoter_lag_seconds",
                Map.of("queue", "later")).orElseThrow();
        assertTrue(lag >= 0.1 && lag <= overdueBound + 0.5, "promoter lag " + lag + " s, overdue " + overdueBound + " s");
        assertEquals(0.0, families.get("capstan_promoter_lag_seconds").value("capstan_promoter_lag_seconds",
                Map.of("queue", "default")).orElseThrow());

        assertEquals(10.0, families.get("capstan_worker_concurrency").value("capstan_worker_concurrency", Map.of()).orElseThrow());
        assertEquals(0.0, families.get("capstan_worker_busy").value("capstan_worker_busy", Map.of()).orElseThrow());
        assertTrue(families.containsKey("capstan_worker_leader"));
        assertEquals(3.0, families.get("app_logins").value("app_logins_total", Map.of()).orElseThrow(),
                "the existing registry's own metrics are still there");
    }
}
