package dev.capstan.api;

/**
 * What the dashboard reads about job lifecycles: tracked jobs' statuses (also after they finished),
 * cancellation, each queue's recently cancelled jobs, and batches with their progress.
 */
public interface LifecycleAdmin extends JobTracker {

    /** Cancelled jobs of {@code queue}, most recent first (the most recent 1,000, kept 7 days). */
    Page<CancelledJob> cancelled(String queue, int offset, int limit);

    /** Batches, most recently created first, with their progress. */
    Page<BatchStatus> recentBatches(int offset, int limit);

    /** One batch's progress. */
    java.util.Optional<BatchStatus> batch(String batchId);
}
