package dev.capstan.worker;

import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
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
    private volatile boolean cancelRequested;
    private boolean inHandler;
    private String resultJson;
    private Map<String, String> childResults = Map.of();
    private Map<String, String> childFailures = Map.of();
    private JobCodec codec;

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
        return job.attempt();
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

    /** Someone asked for this job to be cancelled ({@code JobTracker.cancel}): it ends cancelled, whatever it does now. */
    void requestCancel() {
        cancelRequested = true;
        cancelled = true;
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    /**
     * Marks the handler as running on this thread; interrupts are delivered only while it is. A
     * cancellation that came before (after the job was marked running, before its handler began)
     * interrupts it now, or a handler that only waits would never hear of it.
     */
    synchronized void enterHandler() {
        inHandler = true;
        if (cancelRequested) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The handler returned or threw: no interrupt may reach this thread any more (it would break the
     * Redis I/O that settles the job). Clears an interrupt that came before.
     */
    synchronized void leaveHandler() {
        inHandler = false;
        Thread.interrupted();
    }

    /** Interrupts {@code thread} if the handler is still running on it; under the same lock as {@link #leaveHandler}. */
    synchronized void interruptHandler(Thread thread) {
        if (inHandler) {
            thread.interrupt();
        }
    }

    /** The handler's result, encoded, to store with the job's status (tracked jobs and flow children only). */
    void resultJson(String json) {
        this.resultJson = json;
    }

    String resultJson() {
        return resultJson;
    }

    /** What a flow parent's children left, as its status hash held it when the job started. */
    void children(Map<String, String> results, Map<String, String> failures, JobCodec codec) {
        this.childResults = Map.copyOf(results);
        this.childFailures = Map.copyOf(failures);
        this.codec = codec;
    }

    @Override
    public Map<String, String> childResultsJson() {
        return childResults;
    }

    @Override
    public Map<String, String> failedChildren() {
        return childFailures;
    }

    @Override
    public <R> R decodeResult(String json, Class<R> type) {
        if (json == null || codec == null) {
            return null;
        }
        return codec.decodeArgs(json, type);
    }
}
