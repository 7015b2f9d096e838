package dev.capstan.api;

import java.util.List;

/** One batch; see {@link Batches}. */
public interface Batch {

    String id();

    /**
     * Adds jobs to the batch and enqueues them; allowed until the batch is complete (a sealed batch
     * is still open to its own running jobs, which keep it incomplete until they finish).
     *
     * @throws IllegalStateException when the batch is already complete, or does not exist
     */
    List<EnqueueResult> add(List<JobRequest> jobs);

    default EnqueueResult add(JobRequest job) {
        return add(List.of(job)).get(0);
    }

    /** Says that no more jobs come from the producer: the callbacks may fire once the jobs have finished. Idempotent. */
    void seal();

    /** The batch's progress; see {@link Batches#status}. */
    BatchStatus status();
}
