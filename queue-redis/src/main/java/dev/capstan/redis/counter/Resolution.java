package dev.capstan.redis.counter;

import java.time.Duration;
import java.time.Instant;

/**
 * The width of a counter bucket. Buckets are aligned on the Unix epoch in UTC: a minute bucket starts
 * at second 0, an hour bucket at minute 0, a day bucket at 00:00 UTC.
 */
public enum Resolution {
    MINUTE(60, "minute"),
    HOUR(3_600, "hour"),
    DAY(86_400, "day");

    private final long seconds;
    private final String label;

    Resolution(long seconds, String label) {
        this.seconds = seconds;
        this.label = label;
    }

    /** Bucket width in seconds. */
    public long seconds() {
        return seconds;
    }

    public Duration width() {
        return Duration.ofSeconds(seconds);
    }

    /** The start of the bucket holding {@code instant}. */
    public Instant bucketStart(Instant instant) {
        return Instant.ofEpochSecond(bucketStart(instant.getEpochSecond()));
    }

    /** The start (epoch seconds) of the bucket holding {@code epochSecond}. */
    public long bucketStart(long epochSecond) {
        return Math.floorDiv(epochSecond, seconds) * seconds;
    }

    /** Lower-case name used in key names. */
    String label() {
        return label;
    }
}
