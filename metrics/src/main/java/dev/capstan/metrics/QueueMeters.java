package dev.capstan.metrics;

import dev.capstan.api.JobView;
import dev.capstan.api.QueueAdmin;
import dev.capstan.api.QueueInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of every queue, read through the {@link QueueAdmin}: {@code capstan.queue.size} (waiting
 * jobs), {@code capstan.queue.latency} (age of the oldest waiting job, seconds),
 * {@code capstan.queue.in.flight}, {@code capstan.queue.scheduled}, {@code capstan.queue.dead}, and
 * {@code capstan.promoter.lag} (how far past its run time the earliest delayed or retry job still
 * waits to be promoted, seconds; 0 when promotion keeps up). These are cluster-wide values (the same
 * from every process).
 *
 * <p>A background thread reads them every {@code refreshInterval} (default 10 s) and on
 * {@link #refresh()}, so a scrape costs no Redis round trip; each refresh costs the admin API's
 * {@code queues()} plus one sorted-set read per queue. Queues that appear later get gauges at the
 * next refresh. Close it to stop the thread.
 */
public final class QueueMeters implements MeterBinder, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueueMeters.class);

    private record Row(QueueInfo info, double promoterLagSeconds) {}

    private final QueueAdmin admin;
    private final Duration refreshInterval;
    private final List<MultiGauge> gauges = new ArrayList<>();
    private final List<ToDoubleFunction<Row>> values = new ArrayList<>();
    private volatile List<Row> rows = List.of();
    private ScheduledExecutorService refresher;

    public QueueMeters(QueueAdmin admin) {
        this(admin, Duration.ofSeconds(10));
    }

    public QueueMeters(QueueAdmin admin, Duration refreshInterval) {
        this.admin = admin;
        this.refreshInterval = refreshInterval;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        gauge(registry, "capstan.queue.size", "Jobs waiting in the queue", null, r -> r.info().size());
        gauge(registry, "capstan.queue.latency", "Age of the oldest waiting job", "seconds",
                r -> r.info().latencyMillis() / 1000.0);
        gauge(registry, "capstan.queue.in.flight", "Jobs fetched by workers and not yet acknowledged", null,
                r -> r.info().inFlight());
        gauge(registry, "capstan.queue.scheduled", "Delayed and retry jobs", null, r -> r.info().scheduled());
        gauge(registry, "capstan.queue.dead", "Jobs in the dead set", null, r -> r.info().dead());
        gauge(registry, "capstan.promoter.lag", "How long the earliest due delayed or retry job has waited for promotion",
                "seconds", Row::promoterLagSeconds);
        refresh();
        if (refresher == null) {
            refresher = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("capstan-queue-metrics").factory());
            long every = refreshInterval.toMillis();
            refresher.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, String unit, ToDoubleFunction<Row> value) {
        MultiGauge.Builder builder = MultiGauge.builder(name).description(description);
        if (unit != null) {
            builder.baseUnit(unit);
        }
        gauges.add(builder.register(registry));
        values.add(value);
    }

    /** Reads every queue now and updates the gauges (also done every refresh interval). */
    public synchronized void refresh() {
        long now = System.currentTimeMillis();
        List<Row> read = new ArrayList<>();
        for (QueueInfo info : admin.queues()) {
            read.add(new Row(info, promoterLag(info, now)));
        }
        rows = List.copyOf(read);
        for (int i = 0; i < gauges.size(); i++) {
            ToDoubleFunction<Row> value = values.get(i);
            List<MultiGauge.Row<?>> gaugeRows = new ArrayList<>();
            for (Row row : rows) {
                String queue = row.info().name();
                gaugeRows.add(MultiGauge.Row.of(Tags.of("queue", queue), () -> current(queue, value)));
            }
            gauges.get(i).register(gaugeRows, true);
        }
    }

    private double current(String queue, ToDoubleFunction<Row> value) {
        for (Row row : rows) {
            if (row.info().name().equals(queue)) {
                return value.applyAsDouble(row);
            }
        }
        return Double.NaN;
    }

    private double promoterLag(QueueInfo info, long now) {
        if (info.scheduled() == 0) {
            return 0;
        }
        List<JobView> earliest = admin.scheduled(info.name(), 0, 1).items();
        if (earliest.isEmpty() || earliest.get(0).at() <= 0) {
            return 0;
        }
        return Math.max(0, now - earliest.get(0).at()) / 1000.0;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // Metrics must not fail loudly while Redis is away; the last values stay until it returns.
            log.debug("queue metrics refresh failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }
}
