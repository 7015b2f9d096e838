package dev.capstan.worker;

import dev.capstan.api.Job;
import dev.capstan.api.JobContext;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BiConsumer;

/** The {@link JobContext} of one running attempt. */
final class RunningJobContext implements JobContext {
    private final Job job;
    private final BiConsumer<Integer, String> progressSink;
    private volatile boolean cancelled;
    private volatile boolean shuttingDown;
    private volatile boolean timedOut;
    private volatile boolean progressReported;
    private volatile long fencingToken = -1;
    private volatile boolean fenced;
    private volatile boolean handlerReturned;

    RunningJobContext(Job job, BiConsumer<Integer, String> progressSink) {
        this.job = job;
        this.progressSink = progressSink;
    }

    @Override
    public String jobId() {
        return job.id();
    }

    @Override
    public String type() {
        return job.type();
    }

    @Override
    public String queue() {
        return job.queue();
    }

    @Override
    public int attempt() {
        return job.nextAttemptNumber(); // from 1, as the log and the dashboard count
    }

    @Override
    public Map<String, String> metadata() {
        return job.metadata();
    }

    @Override
    public OptionalLong fencingToken() {
        return fencingToken < 0 ? OptionalLong.empty() : OptionalLong.of(fencingToken);
    }

    void fencingToken(long token) {
        this.fencingToken = token;
    }

    @Override
    public void progress(int percent, String message) {
        progressReported = true;
        progressSink.accept(Math.max(0, Math.min(100, percent)), message);
    }

    boolean progressReported() {
        return progressReported;
    }

    @Override
    public boolean isCancelled() {
        return cancelled || Thread.currentThread().isInterrupted();
    }

    /** The job ran past its type's timeout. */
    void timeOut() {
        timedOut = true;
        cancelled = true;
    }

    boolean isTimedOut() {
        return timedOut;
    }

    /** Cancelled because the worker is shutting down: the job goes back to its queue, not to a retry. */
    void cancelForShutdown() {
        shuttingDown = true;
        cancelled = true;
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    /**
     * This copy was fenced off: the reaper returned the job (this worker's heartbeat lapsed) or its key
     * lock is gone, so another copy may run. The handler is asked to stop, and its outcome is not recorded.
     */
    void fence() {
        fenced = true;
        cancelled = true;
    }

    boolean isFenced() {
        return fenced;
    }

    /** The handler has returned or thrown: from now on only the outcome is written, nothing is interrupted. */
    void handlerReturned() {
        handlerReturned = true;
    }

    boolean hasHandlerReturned() {
        return handlerReturned;
    }
}
