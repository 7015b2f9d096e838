package dev.capstan.api;

/** What {@link JobTracker#cancel} did. */
public enum CancelResult {
    /** The job was waiting, scheduled or waiting for its flow children: removed, and it will not run. */
    CANCELLED,
    /** The job is running: its worker was told (its {@code JobContext.isCancelled()} turns true and its
     *  thread is interrupted); it ends as cancelled and is not retried. */
    CANCEL_REQUESTED,
    /** The job had already finished (succeeded, dead or cancelled): nothing to do. */
    ALREADY_FINISHED,
    /** No job with this id was found in any queue. */
    NOT_FOUND
}
