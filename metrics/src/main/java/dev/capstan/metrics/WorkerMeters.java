package dev.capstan.metrics;

import dev.capstan.worker.Worker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Gauges of one worker process: {@code capstan.worker.busy} (jobs running now),
 * {@code capstan.worker.concurrency} (slots), {@code capstan.worker.leader} (1 while this worker is
 * the elected leader that runs the reaper and periodic schedules) and {@code capstan.worker.running}
 * (1 while it fetches jobs).
 */
public final class WorkerMeters implements MeterBinder {
    private final Worker worker;

    public WorkerMeters(Worker worker) {
        this.worker = worker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("capstan.worker.busy", worker, Worker::busy).description("Jobs this worker runs now")
                .register(registry);
        Gauge.builder("capstan.worker.concurrency", worker, Worker::concurrency)
                .description("How many jobs this worker runs at once").register(registry);
        Gauge.builder("capstan.worker.leader", worker, w -> w.isLeader() ? 1 : 0)
                .description("1 while this worker is the elected leader").register(registry);
        Gauge.builder("capstan.worker.running", worker, w -> w.isRunning() ? 1 : 0)
                .description("1 while this worker fetches jobs (0 when quiet or stopped)").register(registry);
    }
}
