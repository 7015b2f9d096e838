package dev.capstan.api;

import java.time.Duration;
import java.util.Map;

/**
 * The metadata entries through which a job carries its part in the lifecycle features: how long its
 * status and result are kept, the batch it belongs to, the flow parent it reports to. They travel
 * inside the job (so every state change carries them unchanged) and are set by the lifecycle client,
 * not by hand. Names start with {@code capstan.}; keep your own metadata out of that prefix.
 */
public final class LifecycleMetadata {
    /** Milliseconds to keep the job's status and result after it finishes; present = the job is tracked. */
    public static final String KEEP = "capstan.keep";
    /** The id of the batch the job belongs to. */
    public static final String BATCH = "capstan.batch";
    /** The id of the flow parent that waits for this job. */
    public static final String PARENT = "capstan.parent";
    /** What this job's failure does to its flow parent: {@code fail} (default) or {@code continue}. */
    public static final String ON_FAILURE = "capstan.onFailure";

    private LifecycleMetadata() {}

    /** True when the job takes part in any lifecycle feature (tracked, in a batch, or in a flow). */
    public static boolean involved(Map<String, String> metadata) {
        return !metadata.isEmpty()
                && (metadata.containsKey(KEEP) || metadata.containsKey(BATCH) || metadata.containsKey(PARENT));
    }

    /** True when the job's status and result are stored (it was enqueued with a retention). */
    public static boolean tracked(Map<String, String> metadata) {
        return !metadata.isEmpty() && metadata.containsKey(KEEP);
    }

    /** The retention of a tracked job, or null. */
    public static Duration keep(Map<String, String> metadata) {
        String ms = metadata.get(KEEP);
        return ms == null ? null : Duration.ofMillis(Long.parseLong(ms));
    }
}
