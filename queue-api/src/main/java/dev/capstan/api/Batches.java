package dev.capstan.api;

import java.util.List;
import java.util.Optional;

/**
 * Batches of jobs with callbacks, as Sidekiq Pro has them: a batch groups jobs (enqueued together or
 * added over time) and, once every job has finished, enqueues its callbacks as jobs of their own:
 * {@code onComplete} when every job finished (some may be dead or cancelled), {@code onSuccess} when
 * every job succeeded (possibly later, after a dead job was retried by hand and succeeded). Each
 * callback is enqueued exactly once per batch, even when the last jobs finish at the same moment on
 * different workers, and even when a worker dies between a job's acknowledgement and the batch's
 * bookkeeping.
 */
public interface Batches {

    /** Creates the batch and adds {@code jobs}, then seals it: the common case. */
    Batch enqueue(BatchOptions options, List<JobRequest> jobs);

    /**
     * Creates an open batch: add jobs with {@link Batch#add} (any number of times, from any process,
     * also from the batch's own jobs), then {@link Batch#seal()} it. Callbacks never fire before the seal.
     */
    Batch open(BatchOptions options);

    /** A handle on an existing batch, for example to add jobs from inside one of its jobs ({@link JobContext#batchId()}). */
    Batch get(String batchId);

    /** The batch's progress in O(1); empty for an unknown id or a batch past its retention. */
    Optional<BatchStatus> status(String batchId);
}
