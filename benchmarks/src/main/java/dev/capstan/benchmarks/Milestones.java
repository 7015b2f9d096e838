package dev.capstan.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts handled jobs and wakes a waiting thread as the count passes each milestone (e.g. 20 %,
 * 80 % and all of the jobs), so the benchmark's own thread sleeps instead of polling: a polling
 * loop would add its CPU to the client's cost figures.
 */
final class Milestones {
    private final AtomicLong count = new AtomicLong();
    private final long[] at;
    private final CountDownLatch[] reached;

    Milestones(long... at) {
        this.at = at.clone();
        this.reached = new CountDownLatch[at.length];
        for (int i = 0; i < at.length; i++) {
            reached[i] = new CountDownLatch(1);
        }
    }

    void increment() {
        long now = count.incrementAndGet();
        for (int i = 0; i < at.length; i++) {
            if (now == at[i]) {
                reached[i].countDown();
            }
        }
    }

    long sum() {
        return count.get();
    }

    /** Waits until the count has reached milestone {@code index}. */
    void await(int index, Duration timeout) {
        try {
            if (!reached[index].await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + at[index]
                        + " jobs handled: " + count.get() + " so far");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for jobs", e);
        }
    }
}
