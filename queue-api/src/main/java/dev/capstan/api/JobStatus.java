package dev.capstan.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a tracked job is in its life, read in O(1) by {@link JobTracker#status}: its state, its
 * attempt, progress while it runs, the last error while it retries, its result once it succeeded,
 * the reason once it died, and the history of its states with their times.
 */
public final class JobStatus {

    /** The states of a tracked job. The last three are final. */
    public enum State {
        /** In its queue, waiting for a worker. */
        WAITING,
        /** Delayed until its run-at time. */
        SCHEDULED,
        /** A flow parent waiting for its children to finish. */
        WAITING_CHILDREN,
        /** A worker runs it now. */
        RUNNING,
        /** An attempt failed; it runs again after the backoff. */
        RETRYING,
        SUCCEEDED,
        /** Out of attempts (or sent there): it is in its queue's dead set. */
        DEAD,
        CANCELLED;

        public boolean isFinal() {
            return this == SUCCEEDED || this == DEAD || this == CANCELLED;
        }
    }

    /** One entry of the state history: the state entered, when (epoch ms), and a detail (worker, error). */
    public record Transition(State state, long at, String detail) {}

    private final String jobId;
    private final String type;
    private final String queue;
    private final State state;
    private final int attempt;
    private final int progressPercent;
    private final String progressMessage;
    private final String resultJson;
    private final String error;
    private final long createdAt;
    private final long updatedAt;
    private final long runAt;
    private final String workerId;
    private final String batchId;
    private final String parentId;
    private final boolean cancelRequested;
    private final int pendingChildren;
    private final List<Transition> history;
    private final JobCodec codec;

    /** Built by the store; {@code codec} decodes the result. {@code progressPercent} is -1 without progress. */
    public JobStatus(String jobId, String type, String queue, State state, int attempt, int progressPercent,
                     String progressMessage, String resultJson, String error, long createdAt, long updatedAt, long runAt,
                     String workerId, String batchId, String parentId, boolean cancelRequested, int pendingChildren,
                     List<Transition> history, JobCodec codec) {
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.type = type;
        this.queue = queue;
        this.state = Objects.requireNonNull(state, "state");
        this.attempt = attempt;
        this.progressPercent = progressPercent;
        this.progressMessage = progressMessage;
        this.resultJson = resultJson;
        this.error = error;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.runAt = runAt;
        this.workerId = workerId;
        this.batchId = batchId;
        this.parentId = parentId;
        this.cancelRequested = cancelRequested;
        this.pendingChildren = pendingChildren;
        this.history = List.copyOf(history);
        this.codec = codec;
    }

    public String jobId() {
        return jobId;
    }

    public String type() {
        return type;
    }

    public String queue() {
        return queue;
    }

    public State state() {
        return state;
    }

    public boolean isFinal() {
        return state.isFinal();
    }

    /**
     * The attempt number, counted from 1 as {@link JobContext#attempt()} and {@link JobView#attempt()}
     * count it: the run in progress or the next one (1 until the job has run, 2 for the first retry).
     */
    public int attempt() {
        return attempt;
    }

    /** The last progress its handler reported (0-100), while it runs. */
    public OptionalInt progress() {
        return progressPercent < 0 ? OptionalInt.empty() : OptionalInt.of(progressPercent);
    }

    public Optional<String> progressMessage() {
        return Optional.ofNullable(progressMessage);
    }

    /** The result as stored (JSON), once the job succeeded with a {@link ResultHandler}. */
    public Optional<String> resultJson() {
        return Optional.ofNullable(resultJson);
    }

    /** The result decoded into {@code type}; null when the job has no result (yet). */
    public <R> R result(Class<R> type) {
        if (resultJson == null) {
            return null;
        }
        if (codec == null) {
            throw new IllegalStateException("this status was built without a codec to decode its result");
        }
        return codec.decodeArgs(resultJson, type);
    }

    /** The last error while retrying, or the reason it died: "ExceptionClass: message". */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    public long createdAt() {
        return createdAt;
    }

    /** When the state last changed (epoch ms). */
    public long updatedAt() {
        return updatedAt;
    }

    /** For scheduled and retrying jobs: when it runs next (epoch ms); else 0. */
    public long runAt() {
        return runAt;
    }

    /** The worker that runs it (or last ran it). */
    public Optional<String> workerId() {
        return Optional.ofNullable(workerId);
    }

    public Optional<String> batchId() {
        return Optional.ofNullable(batchId);
    }

    public Optional<String> parentId() {
        return Optional.ofNullable(parentId);
    }

    /** True once {@link JobTracker#cancel} asked its worker to stop it. */
    public boolean cancelRequested() {
        return cancelRequested;
    }

    /** For a flow parent: how many of its children have not finished yet. */
    public int pendingChildren() {
        return pendingChildren;
    }

    /** Every state it went through, oldest first (the most recent 50). */
    public List<Transition> history() {
        return history;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobStatus s && s.jobId.equals(jobId) && s.state == state && s.attempt == attempt
                && s.updatedAt == updatedAt && Objects.equals(s.resultJson, resultJson) && Objects.equals(s.error, error)
                && s.progressPercent == progressPercent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobId, state, attempt, updatedAt);
    }

    @Override
    public String toString() {
        return "JobStatus[" + jobId + " " + state + (error != null ? " error=" + error : "")
                + (resultJson != null ? " result=" + resultJson : "") + "]";
    }
}
