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
    /** Out of attempts, or sent there (poison pill, undecodable, unknown type). */
    DEAD
}
