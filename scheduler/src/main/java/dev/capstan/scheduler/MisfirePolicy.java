package dev.capstan.scheduler;

/**
 * What to do with ticks nobody fired in time (no scheduler was running, Redis was unreachable, the
 * schedulers were paused): ticks more than {@link SchedulerOptions#misfireThreshold} late.
 */
public enum MisfirePolicy {
    /** Drop missed ticks; the schedule resumes with its next tick. */
    SKIP,
    /** Enqueue one catch-up run for all missed ticks together, then resume. */
    RUN_ONCE
}
