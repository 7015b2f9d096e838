package dev.capstan.scheduler;

import java.time.Instant;

/**
 * When a periodic schedule fires. Fire times are a pure function of the trigger (never of when a
 * process started), so every scheduler process computes the same ticks and can race on them.
 */
public sealed interface Trigger permits CronTrigger, IntervalTrigger {

    /** The first fire time strictly after {@code after}, or null if there is none. */
    Instant nextAfter(Instant after);

    /** The trigger as stored and shown: the cron expression, or {@code every PT10S}. */
    String describe();
}
