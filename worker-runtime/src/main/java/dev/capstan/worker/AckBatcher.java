package dev.capstan.worker;

import dev.capstan.redis.queue.FetchedJob;
import dev.capstan.redis.queue.JobSettler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background component that acknowledges finished jobs in batches: one round trip for all jobs
 * that finished in the last moment instead of one per job. The cost is a window of a few
 * milliseconds in which a crash makes a finished job run again (the guarantee is at-least-once
 * anyway; idempotency keys close it for jobs that need it). Acks that fail (Redis away) are kept
 * and retried, so a finished job is never reported lost.
 */
final class AckBatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AckBatcher.class);
    private static final int MAX_BATCH = 500;
    /** How long closing keeps trying to write the last acknowledgements. */
    static final java.time.Duration CLOSE_FLUSH_LIMIT = java.time.Duration.ofSeconds(5);

    private final JobSettler settler;
    private final LinkedBlockingQueue<FetchedJob> pending = new LinkedBlockingQueue<>();
    private final Thread flusher;
    private volatile boolean running = true;

    AckBatcher(JobSettler settler) {
        this.settler = settler;
        this.flusher = Thread.ofPlatform().daemon().name("capstan-acks").start(this::loop);
    }

    void ack(FetchedJob job) {
        pending.add(job);
    }

    /** Acknowledges everything queued so far, on the caller's thread. */
    void flush() {
        flushWithin(Long.MAX_VALUE);
    }

    /**
     * Acknowledges everything queued so far, trying for at most {@code limitNanos}; returns how many
     * acknowledgements could not be written by then.
     */
    private int flushWithin(long limitNanos) {
        long start = System.nanoTime();
        List<FetchedJob> batch = new ArrayList<>();
        while (pending.drainTo(batch, MAX_BATCH) > 0) {
            send(batch);
            batch = new ArrayList<>();
            if (System.nanoTime() - start > limitNanos) {
                return pending.size();
            }
        }
        return 0;
    }

    int backlog() {
        return pending.size();
    }

    private void loop() {
        List<FetchedJob> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                FetchedJob first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, MAX_BATCH - 1);
                send(batch);
                batch = new ArrayList<>(MAX_BATCH);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void send(List<FetchedJob> batch) {
        try {
            settler.ack(batch);
        } catch (RuntimeException e) {
            log.warn("could not acknowledge {} job(s), will retry: {}", batch.size(), e.toString());
            pending.addAll(batch);
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    @Override
    public void close() {
        running = false;
        flusher.interrupt();
        try {
            flusher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Bounded: with Redis gone (e.g. stopped before this process), unwritten acknowledgements stay
        // in the processing list and the reaper returns those jobs, as Settle does for every other outcome.
        int left = flushWithin(CLOSE_FLUSH_LIMIT.toNanos());
        if (left > 0) {
            log.warn("could not acknowledge {} finished job(s) within {} while closing; they stay in the processing "
                    + "list and the reaper returns them once this worker's heartbeat expires (they may run again)",
                    left, CLOSE_FLUSH_LIMIT);
        }
    }
}
