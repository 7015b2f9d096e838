package dev.capstan.redis.counter;

/**
 * Names of the cluster-wide job statistics the workers write and the dashboard reads, in one place
 * so that writer and reader cannot drift apart.
 */
public final class JobStatNames {
    private JobStatNames() {}

    /** Jobs of {@code queue} that completed, per minute / hour / day ({@link TimeSeriesCounter}). */
    public static String processed(String queue) {
        return "stats." + queue + ".processed";
    }

    /** Failed attempts of jobs of {@code queue}, per minute / hour / day ({@link TimeSeriesCounter}). */
    public static String failed(String queue) {
        return "stats." + queue + ".failed";
    }

    /** Distinct values of metadata key {@code metadataKey} among jobs of {@code type} ({@link UniqueCounter}). */
    public static String unique(String type, String metadataKey) {
        return "unique." + type + "." + metadataKey;
    }
}
