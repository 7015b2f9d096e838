package dev.capstan.scheduler;

import java.time.Duration;
import java.time.Instant;

/**
 * Fires every {@code interval}, at whole multiples of it since the Unix epoch (UTC): every 10 s
 * fires at :00, :10, :20...; every 1 h on the UTC hour. Anchoring on the epoch (not on a start time)
 * is what lets independent processes agree on the ticks. Time zones and daylight saving do not
 * apply: an interval is elapsed time. Millisecond resolution.
 */
public record IntervalTrigger(Duration interval) implements Trigger {

    public IntervalTrigger {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("interval must be at least 1 ms, was " + interval);
        }
    }

    @Override
    public Instant nextAfter(Instant after) {
        long step = interval.toMillis();
        long t = after.toEpochMilli();
        return Instant.ofEpochMilli(Math.floorDiv(t, step) * step + step);
    }

    @Override
    public String describe() {
        return "every " + interval;
    }
}
