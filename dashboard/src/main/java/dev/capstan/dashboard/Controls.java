package dev.capstan.dashboard;

import java.util.List;

/**
 * The switches the dashboard flips and every worker obeys: pause and resume a queue, quiet a
 * worker (it stops fetching and finishes what it runs), switch a job type off and on. Optional;
 * without it the page shows no such buttons.
 *
 * <p>{@link JobGatesControls} adapts Capstan's {@code JobGates} (flags that workers read from a
 * pub/sub-invalidated cache, so a change takes effect within about a second). Implementations must
 * be thread-safe; the reads ({@link #isPaused}, {@link #switchedOffTypes}) run on every page poll
 * and should be cheap.
 */
public interface Controls {

    /** Workers stop starting jobs of this queue; jobs already running finish. */
    void pauseQueue(String queue);

    void resumeQueue(String queue);

    boolean isPaused(String queue);

    /** Asks one worker to stop fetching and finish what it runs (for example before a deploy). */
    void quietWorker(String workerId);

    /** Jobs of this type stop running (what happens to them is the worker's per-type choice). */
    void switchOff(String jobType);

    void switchOn(String jobType);

    /** The job types switched off now, sorted by name. */
    List<String> switchedOffTypes();
}
