package dev.capstan.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one enqueue request, and a handle on the job: {@link #status()}, {@link #await}
 * and {@link #cancel()} ask the {@link JobTracker} of the client that enqueued it.
 */
public record EnqueueResult(String jobId, Outcome outcome, @JsonIgnore JobTracker tracker) {

    public enum Outcome {
        /** Placed in the queue, ready to run. */
        ENQUEUED,
        /** Placed in the scheduled set, to run at its time. */
        SCHEDULED,
        /** A job with the same dedup key exists (or this job id was enqueued already); {@code jobId} is that job's id. */
        DUPLICATE,
        /** A job with the same idempotency key has already completed; nothing was enqueued. */
        ALREADY_COMPLETED
    }

    /** A result without a tracker (for clients that have none): the handle methods then throw. */
    public EnqueueResult(String jobId, Outcome outcome) {
        this(jobId, outcome, null);
    }

    public boolean accepted() {
        return outcome == Outcome.ENQUEUED || outcome == Outcome.SCHEDULED;
    }

    /** This result with {@code tracker} as its handle (used by clients that wrap another client). */
    public EnqueueResult withTracker(JobTracker tracker) {
        return new EnqueueResult(jobId, outcome, tracker);
    }

    /** The job's status; see {@link JobTracker#status}. Empty for jobs enqueued without {@code keepResult}. */
    public Optional<JobStatus> status() {
        return handle().status(jobId);
    }

    /** Waits for the job to finish; see {@link JobTracker#await}. */
    public JobStatus await(Duration timeout) throws InterruptedException {
        return handle().await(jobId, timeout);
    }

    /** Cancels the job; see {@link JobTracker#cancel}. */
    public CancelResult cancel() {
        return handle().cancel(jobId);
    }

    private JobTracker handle() {
        if (tracker == null) {
            throw new IllegalStateException("this enqueue result has no job tracker: use CapstanRedis.jobs() to look job "
                    + jobId + " up");
        }
        return tracker;
    }

    /** Equal when id and outcome are: the tracker is a handle, not part of the value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof EnqueueResult r && Objects.equals(r.jobId, jobId) && r.outcome == outcome;
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobId, outcome);
    }

    @Override
    public String toString() {
        return "EnqueueResult[jobId=" + jobId + ", outcome=" + outcome + "]";
    }
}
