package dev.capstan.scheduler;

import java.time.Instant;

/**
 * A schedule as the admin API shows it.
 *
 * @param nextRun   its next tick after now; null when disabled or when the trigger has no more ticks
 * @param lastRun   when its last run was enqueued (server time); null if never
 * @param lastTick  the tick that run was for; null if never
 * @param lastJobId the id of that run's job; null if never
 */
public record ScheduleView(PeriodicSchedule schedule, Instant nextRun, Instant lastRun, Instant lastTick,
                           String lastJobId) {}
