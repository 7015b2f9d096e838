package dev.capstan.metrics;

import dev.capstan.api.QueueAdmin;
import dev.capstan.worker.Worker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * Capstan's meters on a Micrometer {@link MeterRegistry}: queue gauges ({@link QueueMeters}), job
 * counters and execution-time histograms ({@link JobMeters}, a worker middleware) and worker gauges
 * ({@link WorkerMeters}). With a {@code PrometheusMeterRegistry} they come out in the Prometheus text
 * format ({@code registry.scrape()}); to add them to an existing Prometheus Java client registry,
 * wrap it: {@code new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheusRegistry, Clock.SYSTEM)}.
 *
 * <pre>{@code
 * CapstanMetrics metrics = CapstanMetrics.bind(registry, capstan.admin());
 * Worker worker = Worker.builder(capstan).middleware(metrics.jobs()).handler(...).build().start();
 * metrics.bindWorker(worker);
 * }</pre>
 */
public final class CapstanMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final QueueMeters queues;
    private final JobMeters jobs;

    private CapstanMetrics(MeterRegistry registry, QueueMeters queues) {
        this.registry = registry;
        this.queues = queues;
        this.jobs = new JobMeters(registry);
    }

    /** Binds the queue gauges (refreshed every 10 s) to {@code registry}. */
    public static CapstanMetrics bind(MeterRegistry registry, QueueAdmin admin) {
        return bind(registry, admin, Duration.ofSeconds(10));
    }

    public static CapstanMetrics bind(MeterRegistry registry, QueueAdmin admin, Duration queueRefresh) {
        QueueMeters queues = new QueueMeters(admin, queueRefresh);
        queues.bindTo(registry);
        return new CapstanMetrics(registry, queues);
    }

    /** The middleware that counts and times jobs: give it to {@code WorkerBuilder.middleware(...)}. */
    public JobMeters jobs() {
        return jobs;
    }

    /** Adds the gauges of a started worker (busy, concurrency, leader, running). */
    public CapstanMetrics bindWorker(Worker worker) {
        new WorkerMeters(worker).bindTo(registry);
        return this;
    }

    /** Reads the queues now instead of at the next refresh. */
    public void refreshQueues() {
        queues.refresh();
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Stops the queue gauges' refresh thread. */
    @Override
    public void close() {
        queues.close();
    }
}
