package dev.capstan.benchmarks;

import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.QueueBroker.PromotionResult;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * PLACEHOLDER, to be replaced by the scheduler module's {@code ScheduledJobPromoter} once it is
 * merged: a minimal promoter for one queue that calls {@link QueueBroker#promoteDue} in a loop
 * driven by the next due time (promote; if more are due go again; else sleep until the next job is
 * due, at most {@code maxSleepMillis}). It exists only so that the {@code scheduled} benchmark can
 * measure the queue's part of scheduling lateness today; it has no leader election, no backoff on
 * errors and no multi-queue fairness, so its figures are a lower bound for a real promoter.
 */
final class PlaceholderPromoter implements AutoCloseable {
    private final QueueBroker broker;
    private final String queue;
    private final int limit;
    private final long maxSleepMillis;
    private final LongAdder calls = new LongAdder();
    private final Thread thread;
    private volatile boolean running = true;

    PlaceholderPromoter(QueueBroker broker, String queue, int limit, long maxSleepMillis) {
        this.broker = broker;
        this.queue = queue;
        this.limit = limit;
        this.maxSleepMillis = maxSleepMillis;
        this.thread = Thread.ofPlatform().daemon().name("bench-promoter").start(this::loop);
    }

    long calls() {
        return calls.sum();
    }

    private void loop() {
        while (running) {
            PromotionResult r = broker.promoteDue(queue, limit);
            calls.increment();
            if (r.moved() >= limit) {
                continue; // more may be due right now
            }
            long sleepMs = r.nextDueAt() < 0 ? maxSleepMillis
                    : Math.min(maxSleepMillis, r.nextDueAt() - System.currentTimeMillis());
            if (sleepMs > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(sleepMs));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
