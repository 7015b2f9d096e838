package dev.capstan.scheduler;

/**
 * What Redis records about a schedule's runs (epoch ms; 0 = never).
 *
 * @param covered     ticks at or before this are done: fired, or skipped as misfires
 * @param lastTick    the tick of the last enqueued run (for a catch-up run, the first missed tick)
 * @param lastFiredAt server time at which that run was enqueued
 * @param lastJobId   id of the job enqueued then
 * @param activeSince when the schedule was added or last enabled: nothing before it is ever caught up
 */
public record ScheduleState(long covered, long lastTick, long lastFiredAt, String lastJobId, long activeSince) {
    static final ScheduleState NONE = new ScheduleState(0, 0, 0, null, 0);

    /** Where a scheduler starts looking for due ticks; 0 if the schedule has no recorded state. */
    long cursor() {
        return Math.max(covered, activeSince);
    }
}
