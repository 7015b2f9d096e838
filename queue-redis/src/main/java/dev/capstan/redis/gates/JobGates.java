package dev.capstan.redis.gates;

import dev.capstan.redis.flags.FeatureFlags;

/**
 * Switches that every worker obeys (the worker runtime reads them; the dashboard and any other
 * process set them) within a second, built on {@link FeatureFlags} (a local cache
 * that pub/sub invalidates): pause and resume a queue, switch a job type off and on, and roll a
 * new handler version out to a percentage of jobs (chosen by a stable hash of the job id).
 *
 * <p>Flag names: {@code queue-paused.QUEUE}, {@code type-off.TYPE}, {@code worker-quiet.WORKER},
 * and the rollout flag each {@code WorkerBuilder.rollout} names. They are Capstan's own switches and
 * live apart from the application's flags ({@link FeatureFlags#internal}): they never show in the
 * application's {@link FeatureFlags#list()}, on the dashboard's Flags tab, or in its flag listeners.
 */
public final class JobGates {
    private final FeatureFlags flags;
    private final java.util.Map<String, String> typeOffFlags = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, String> pausedFlags = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Gates on {@code flags}' connection and namespace, in Capstan's own flag space: given the
     * application's flags, it uses (and creates on first use) their {@link FeatureFlags#internalFlags()
     * internal companion}, which closes with them.
     */
    public JobGates(FeatureFlags flags) {
        this.flags = flags.internalFlags();
    }

    public void pauseQueue(String queue) {
        flags.enable(pausedFlag(queue));
    }

    public void resumeQueue(String queue) {
        flags.disable(pausedFlag(queue));
    }

    public boolean isPaused(String queue) {
        return flags.isEnabled(pausedFlags.computeIfAbsent(queue, JobGates::pausedFlag)); // asked on every fetch
    }

    /** Jobs of this type stop running; what happens to them is the type's the job type's {@code JobTypeOptions.whenSwitchedOff()} in the worker. */
    public void switchOff(String type) {
        flags.enable(typeOffFlag(type));
    }

    public void switchOn(String type) {
        flags.disable(typeOffFlag(type));
    }

    public boolean isSwitchedOff(String type) {
        return flags.isEnabled(typeOffFlags.computeIfAbsent(type, JobGates::typeOffFlag)); // asked for every job
    }

    /** Sends {@code percent} of jobs (by job id) to the new version registered under {@code flag}. */
    public void rollout(String flag, int percent) {
        flags.set(flag, true, percent, java.util.List.of(), java.util.List.of());
    }

    public boolean useNewVersion(String flag, String jobId) {
        return flags.isEnabledFor(flag, jobId);
    }

    /** Asks worker {@code workerId} to go quiet: stop fetching, finish what it runs (e.g. before a deploy). */
    public void quietWorker(String workerId) {
        flags.enable(quietFlag(workerId));
    }

    public boolean isQuietRequested(String workerId) {
        return flags.isEnabled(quietFlag(workerId));
    }

    /** The internal flags these gates are stored in (never the application's). */
    public FeatureFlags flags() {
        return flags;
    }

    public static String pausedFlag(String queue) {
        return "queue-paused." + queue;
    }

    public static String quietFlag(String workerId) {
        return "worker-quiet." + workerId.replace('{', '(').replace('}', ')');
    }

    public static String typeOffFlag(String type) {
        return "type-off." + type.replace('{', '(').replace('}', ')');
    }
}
