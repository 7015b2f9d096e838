package dev.capstan.api;

/** Where a job is. */
public enum JobState {
    /** In its queue, waiting for a worker. */
    WAITING,
    /** Fetched by a worker and not yet acknowledged. */
    IN_FLIGHT,
    /** Delayed: waiting for its first run time. */
    SCHEDULED,
    /** Failed at least once and waiting for its next attempt. */
    RETRY,
    /**
     * A job with an idempotency key, put aside because another copy holds the key's lock (it runs,
     * or ran on a worker that is being recovered); it tries again about every second. The view's
     * worker is the lock's holder.
     */
    WAITING_FOR_KEY,
    /** Out of attempts, or sent there (poison pill, undecodable, unknown type). */
    DEAD
}
