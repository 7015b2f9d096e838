package dev.capstan.api;

/** What became of one enqueue request. */
public record EnqueueResult(String jobId, Outcome outcome) {

    public enum Outcome {
        /** Placed in the queue, ready to run. */
        ENQUEUED,
        /** Placed in the scheduled set, to run at its time. */
        SCHEDULED,
        /** A job with the same dedup key exists; {@code jobId} is that job's id. */
        DUPLICATE,
        /** A job with the same idempotency key has already completed; nothing was enqueued. */
        ALREADY_COMPLETED
    }

    public boolean accepted() {
        return outcome == Outcome.ENQUEUED || outcome == Outcome.SCHEDULED;
    }
}
