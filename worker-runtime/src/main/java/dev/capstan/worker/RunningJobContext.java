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
    private volatile boolean fenced;
    private volatile boolean handlerReturned;
    private volatile boolean cancelRequested;
    private volatile String keyLock;
    private boolean inHandler; // guarded by this
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

    /** Someone asked for this job to be cancelled ({@code JobTracker.cancel}): it ends cancelled, whatever it does now. */
    void requestCancel() {
        cancelRequested = true;
        cancelled = true;
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    /**
     * The handler (with its middleware) begins on this thread; interrupts are delivered only from now
     * until {@link #handlerReturned}. A stop asked for before (a cancellation after the job was marked
     * running, a timeout, fencing or shutdown while it was being prepared) interrupts it now, or a
     * handler that only waits would never hear of it.
     */
    synchronized void enterHandler() {
        inHandler = true;
        if (cancelled) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The handler has returned or thrown: from now on only the outcome is written, nothing is
     * interrupted (an interrupt would break the Redis I/O that settles the job). Clears an interrupt
     * that came before.
     */
    synchronized void handlerReturned() {
        inHandler = false;
        handlerReturned = true;
        Thread.interrupted();
    }

    boolean hasHandlerReturned() {
        return handlerReturned;
    }

    /**
     * Interrupts {@code thread} if the handler runs on it now; under the same lock as {@link #enterHandler}
     * and {@link #handlerReturned}, so an interrupt reaches neither the preparation (its Redis round trips)
     * nor the settling. Set the reason (timeout, fence, cancel) before calling.
     */
    synchronized void interruptHandler(Thread thread) {
        if (inHandler) {
            thread.interrupt();
        }
    }

    /** The idempotency-key lock this copy holds ("worker job token"), for a lifecycle job's completion check. */
    void keyLock(String lockValue) {
        this.keyLock = lockValue;
    }

    String keyLock() {
        return keyLock;
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
