package dev.capstan.worker;

import dev.capstan.redis.outage.OutageBackoff;
import dev.capstan.redis.queue.FetchedJob;
import dev.capstan.redis.queue.JobSettler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background component that acknowledges finished jobs in batches: one round trip for all jobs
 * that finished in the last moment instead of one per job. The cost is a window of a few
 * milliseconds in which a crash makes a finished job run again (the guarantee is at-least-once
 * anyway; idempotency keys close it for jobs that need it). Acks that fail (Redis away) are kept
 * and retried with a jittered backoff, the outage logged once when it starts and once when it
 * ends, so a finished job is never reported lost. A queued ack is the job's outcome: the job stays
 * held (the reconciler leaves it alone) until the ack is written.
 */
final class AckBatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AckBatcher.class);
    private static final int MAX_BATCH = 500;

    private final JobSettler settler;
    private final HeldJobs held;
    private final OutageBackoff backoff;
    private final LinkedBlockingQueue<FetchedJob> pending = new LinkedBlockingQueue<>();
    private final Thread flusher;
    private volatile boolean running = true;
    private volatile boolean closed;

    AckBatcher(JobSettler settler, HeldJobs held, String workerId) {
        this.settler = settler;
        this.held = held;
        this.backoff = new OutageBackoff("worker " + workerId + " acknowledging jobs", log);
        this.flusher = Thread.ofPlatform().daemon().name("capstan-acks").start(this::loop);
    }

    void ack(FetchedJob job) {
        held.settling(job.element());
        if (closed) {
            // A job that outlived the worker's shutdown (its thread would not stop) and finished after all:
            // acknowledge it now, once, so that the reaper does not run it again.
            trySend(new ArrayList<>(List.of(job)));
            return;
        }
        pending.add(job);
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
                if (!trySend(batch)) {
                    pending.addAll(batch);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff.delayMs(backoff.failures())));
                }
                batch = new ArrayList<>(MAX_BATCH);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One round trip; true if written. */
    private boolean trySend(List<FetchedJob> batch) {
        try {
            settler.ack(batch);
            backoff.succeeded();
            batch.forEach(j -> held.release(j.element()));
            return true;
        } catch (RuntimeException e) {
            backoff.failed(e);
            return false;
        }
    }

    /**
     * Stops the background thread and acknowledges what is queued on the caller's thread, trying until
     * {@code deadlineNanos}; what is still unacknowledged then stays in the processing lists (pushed back
     * at shutdown, or returned by the reaper). Returns how many jobs were left unacknowledged.
     */
    int close(long deadlineNanos) {
        running = false;
        flusher.interrupt();
        try {
            flusher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        List<FetchedJob> batch = new ArrayList<>();
        while (true) {
            if (batch.isEmpty() && pending.drainTo(batch, MAX_BATCH) == 0) {
                return 0;
            }
            if (trySend(batch)) {
                batch = new ArrayList<>();
                continue;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                int unsent = batch.size() + pending.size();
                pending.clear();
                return unsent;
            }
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(backoff.delayMs(backoff.failures()))));
        }
    }

    @Override
    public void close() {
        close(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
    }
}
