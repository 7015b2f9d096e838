package dev.capstan.redis.queue;

import dev.capstan.api.Job;

/**
 * Settles the jobs that take part in job lifecycles (tracked status, batches, flows) in place of the
 * plain scripts, so that their status and their bookkeeping change in the same step as their place
 * in the queue. {@link JobSettler} and the {@link ProcessingListReaper} ask {@link #handles} first; a
 * plain job never reaches the hook and costs nothing more. Implemented by the lifecycle package.
 */
public interface SettleHook {

    /** True when {@code job} settles through this hook. Called for every settled job: keep it cheap. */
    boolean handles(Job job);

    /** Acknowledges a finished job that has no result to record (e.g. its idempotency key had completed). */
    void succeeded(FetchedJob fetched);

    /** Moves the job to the scheduled set, to run as {@code next} at {@code runAt}: a retry when {@code failed}. */
    void later(FetchedJob fetched, Job next, long runAt, boolean failed);

    /** Moves the job to the dead set as {@code dead} (carrying the reason as its last error). */
    void dead(FetchedJob fetched, Job dead);
}
