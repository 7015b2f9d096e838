package dev.capstan.worker;

import dev.capstan.redis.outage.OutageBackoff;
import dev.capstan.redis.outage.OutageLog;
import dev.capstan.redis.outage.RedisFailures;
import dev.capstan.redis.queue.FetchedJob;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a job's outcome to Redis (acknowledgement, retry, dead set, push-back).
 *
 * <p>While Redis is away (a lost connection, LOADING after a restart...) it tries again with a
 * jittered backoff up to {@link OutageBackoff#MAX}, until the write succeeds, the thread is
 * interrupted (the worker's shutdown timeout passed) or the given deadline passes; the outage is
 * logged once when it starts and once when it ends, however many job threads wait in it. A job whose
 * outcome was not written stays in its processing list: the worker pushes it back at shutdown, or the
 * reaper returns it; it may run again, it is not lost.
 *
 * <p>A failure that time does not mend (a key of the wrong type: the scripts check key types before
 * they write, so the job is still where it was) is not retried: it is logged once per distinct error,
 * naming the key, and the job stays in this worker's processing list, visible in flight, until shutdown.
 */
final class Settle {
    private static final Logger log = LoggerFactory.getLogger(Settle.class);
    private static final OutageLog SHARED_OUTAGE = new OutageLog("recording job outcomes", log);
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    private static final int MAX_REPORTED = 1_000;

    private final HeldJobs held;
    private final OutageLog outage;
    /** When the worker's shutdown gives up writing to an unreachable Redis (System.nanoTime; MAX_VALUE: not closing). */
    private volatile long giveUpAtNanos = Long.MAX_VALUE;

    Settle(HeldJobs held, String workerId) {
        this.held = held;
        this.outage = new OutageLog("worker " + workerId + " recording job outcomes", log);
    }

    /** Writes {@code job}'s outcome; false if it could not be written (the job then stays in its processing list). */
    boolean write(FetchedJob job, Runnable write) {
        return write(job, write, Long.MAX_VALUE);
    }

    /**
     * From now on, writes give up at {@code deadlineNanos} when Redis stays away: the worker is shutting
     * down, and what is not written stays in the processing lists for the reaper.
     */
    void giveUpAt(long deadlineNanos) {
        giveUpAtNanos = deadlineNanos;
    }

    /** As {@link #write(FetchedJob, Runnable)}, giving up at {@code deadlineNanos} (System.nanoTime). */
    boolean write(FetchedJob job, Runnable write, long deadlineNanos) {
        Result result = run(write, Math.min(deadlineNanos, giveUpAtNanos), outage, job == null ? null : job.job().id());
        if (result == Result.FAILED && job != null && held != null) {
            held.stuck(job.element()); // a permanent failure: leave it where it is, do not return it
        }
        return result == Result.WRITTEN;
    }

    /** A write that concerns no single job (a push-back of several), giving up at {@code deadlineNanos}. */
    boolean write(Runnable write, long deadlineNanos) {
        return run(write, Math.min(deadlineNanos, giveUpAtNanos), outage, null) == Result.WRITTEN;
    }

    /**
     * Writes with the same retries, for code that has no {@link Settle} of its own (no bookkeeping of
     * held jobs). Returns whether it was written.
     */
    static boolean withRetries(Runnable write) {
        return run(write, Long.MAX_VALUE, SHARED_OUTAGE, null) == Result.WRITTEN;
    }

    /** Written; given up (shutdown, deadline) while Redis was away; or failed for good. */
    private enum Result { WRITTEN, GAVE_UP, FAILED }

    private static Result run(Runnable write, long deadlineNanos, OutageLog outage, String jobId) {
        long failures = 0;
        while (true) {
            try {
                write.run();
                if (failures > 0) {
                    outage.succeeded();
                }
                return Result.WRITTEN;
            } catch (RuntimeException e) {
                if (!RedisFailures.isTransient(e)) {
                    reportOnce(e, jobId);
                    return Result.FAILED;
                }
                failures++;
                outage.failed(e, "job threads keep trying with backoff until it works or the worker stops");
                long waitNanos = TimeUnit.MILLISECONDS.toNanos(BACKOFF.delayMs(failures));
                long left = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    log.warn("gave up recording the outcome of {} ({}); it stays in the processing list and is "
                            + "pushed back at shutdown or returned by the reaper", jobId == null ? "jobs" : "job " + jobId,
                            RedisFailures.describe(e));
                    return Result.GAVE_UP;
                }
                LockSupport.parkNanos(Math.min(waitNanos, left));
                if (Thread.currentThread().isInterrupted()) {
                    log.warn("stopped recording the outcome of {} (the worker is shutting down); it stays in the "
                            + "processing list", jobId == null ? "jobs" : "job " + jobId);
                    return Result.GAVE_UP;
                }
            }
        }
    }

    /** The jittered delays of {@link OutageBackoff} (only its {@link OutageBackoff#delayMs} is used: stateless). */
    private static final OutageBackoff BACKOFF = new OutageBackoff(SHARED_OUTAGE, OutageBackoff.MIN, OutageBackoff.MAX);

    private static void reportOnce(RuntimeException e, String jobId) {
        String message = String.valueOf(e.getMessage());
        if (REPORTED.size() < MAX_REPORTED && REPORTED.add(message)) {
            log.error("could not record {}'s outcome: {}. It stays in this worker's processing list (shown in flight) "
                    + "until the worker stops; fix the key, then the job runs again after a restart. "
                    + "(Logged once; later failures with the same error log at DEBUG.)",
                    jobId == null ? "a job" : "job " + jobId, message);
        } else if (log.isDebugEnabled()) {
            log.debug("could not record {}'s outcome: {}", jobId == null ? "a job" : "job " + jobId, message);
        }
    }
}
