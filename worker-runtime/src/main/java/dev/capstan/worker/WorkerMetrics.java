package dev.capstan.worker;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.capstan.api.QueueAdmin;
import dev.capstan.api.QueueInfo;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Dropwizard metrics of a worker, named {@code capstan.<queue>.<type>.<metric>}: an execution-time
 * timer (histogram and rate), processed and failed meters, and per-queue size and latency gauges.
 */
final class WorkerMetrics {
    private final MetricRegistry registry;
    private final Map<String, Map<String, TypeMetrics>> cache = new ConcurrentHashMap<>();

    WorkerMetrics(MetricRegistry registry) {
        this.registry = registry;
    }

    MetricRegistry registry() {
        return registry;
    }

    void succeeded(String queue, String type, long nanos) {
        TypeMetrics m = of(queue, type);
        m.execution().update(nanos, TimeUnit.NANOSECONDS);
        m.processed().mark();
    }

    void failed(String queue, String type, long nanos) {
        TypeMetrics m = of(queue, type);
        m.execution().update(nanos, TimeUnit.NANOSECONDS);
        m.failed().mark();
    }

    /** Creates the metrics of a queue and type before its first job. */
    void prepare(String queue, String type) {
        of(queue, type);
    }

    /** Looked up once per queue and type: building metric names per job showed up in profiles. */
    private TypeMetrics of(String queue, String type) {
        Map<String, TypeMetrics> byType = cache.computeIfAbsent(queue, q -> new ConcurrentHashMap<>());
        TypeMetrics m = byType.get(type);
        if (m == null) {
            m = byType.computeIfAbsent(type, t -> new TypeMetrics(timer(queue, t), meter(queue, t, "processed"),
                    meter(queue, t, "failed")));
        }
        return m;
    }

    private record TypeMetrics(Timer execution, Meter processed, Meter failed) {}

    void registerQueueGauges(String queue, QueueAdmin admin) {
        String size = MetricRegistry.name("capstan", queue, "size");
        String latency = MetricRegistry.name("capstan", queue, "latency-ms");
        if (!registry.getGauges().containsKey(size)) {
            registry.gauge(size, () -> () -> cached(admin, queue).size());
            registry.gauge(latency, () -> () -> cached(admin, queue).latencyMillis());
        }
    }

    private static QueueInfo cached(QueueAdmin admin, String queue) {
        return admin.queue(queue);
    }

    private Timer timer(String queue, String type) {
        // Counting buckets: the default reservoir took a lock per update, the lock-free decaying one a
        // skip-list insert per job; both showed up in profiles of short jobs.
        return registry.timer(MetricRegistry.name("capstan", queue, type, "execution"),
                () -> new Timer(new BucketReservoir()));
    }

    private Meter meter(String queue, String type, String what) {
        return registry.meter(MetricRegistry.name("capstan", queue, type, what));
    }
}
