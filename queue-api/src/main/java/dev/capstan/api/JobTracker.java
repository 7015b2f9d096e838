package dev.capstan.api;

import java.time.Duration;
import java.util.Optional;

/**
 * A producer's view of a job after {@code enqueue}: its status (tracked jobs only), waiting for it
 * to finish, and cancelling it. Thread-safe; any process may ask about any job.
 */
public interface JobTracker {

    /**
     * The job's status, in O(1) (one read, no scanning). Empty for a job enqueued without a retention
     * ({@link JobRequest#keepResult}), an unknown id, or a tracked job whose retention has passed.
     */
    Optional<JobStatus> status(String jobId);

    /**
     * Waits until the tracked job reaches a final state (succeeded, dead or cancelled), at most
     * {@code timeout}, without polling: the finishing worker publishes a message that wakes the
     * waiter. Correct when the job finished before the call. Returns the final status, or the
     * current one (not final) when the timeout passed first.
     *
     * @throws IllegalArgumentException when there is no status for the job (it is not tracked, or gone)
     */
    JobStatus await(String jobId, Duration timeout) throws InterruptedException;

    /**
     * Cancels the job from any process: a waiting or scheduled job (or a flow parent waiting for its
     * children) is removed and ends cancelled; a running job's worker is told, through pub/sub and,
     * should that message be lost, at its next heartbeat: the handler sees
     * {@link JobContext#isCancelled()} turn true and its thread is interrupted; the job ends cancelled,
     * is not retried, and its idempotency key is released. Works for untracked jobs too (they are
     * found by a scan, as {@code QueueAdmin.find} does); a tracked job is found through its status.
     */
    CancelResult cancel(String jobId);
}
