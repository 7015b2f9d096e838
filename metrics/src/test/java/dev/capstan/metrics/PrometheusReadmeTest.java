package dev.capstan.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobHandler;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.Worker;
import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's Prometheus example, run against a real Redis. */
@ExtendWith(RedisExtension.class)
class PrometheusReadmeTest {
    record Args(int n) {}

    @Test
    void capstanMetricsInAPrometheusRegistry(RedisTestContext ctx) {
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        JobHandler<Args> handler = JobHandler.of("noop", Args.class, (a, c) -> { });
        // tag::prometheus[]
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // ... or Capstan's meters beside your own Prometheus client metrics:
        // new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, yourPrometheusRegistry, Clock.SYSTEM)
        CapstanMetrics metrics = CapstanMetrics.bind(registry, capstan.admin());   // queue gauges
        Worker worker = Worker.builder(capstan)
                .middleware(metrics.jobs())                                          // per-type counters and histograms
                .handler(handler)
                .build().start();
        metrics.bindWorker(worker);                                                  // busy, concurrency, leader
        String text = registry.scrape();                                             // the Prometheus text format
        // end::prometheus[]
        ctx.closeAfter(worker);
        ctx.closeAfter(metrics);
        capstan.client().enqueue("noop", new Args(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.scrape().contains("capstan_jobs_processed_total{queue=\"default\",type=\"noop\"} 1.0"));
        assertTrue(text.contains("capstan_worker_concurrency"), text);
        assertTrue(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), Clock.SYSTEM).scrape().isEmpty());
    }
}
