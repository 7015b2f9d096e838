package dev.capstan.scheduler;

/**
 * Counters of one {@link ScheduledJobPromoter} since it started, for metrics and benchmarks.
 *
 * @param promoted       jobs this promoter moved into their queues (other promoters' moves not counted)
 * @param passes         passes over all its queues
 * @param earlyWakeups   wake-up messages that moved its sleep target earlier
 * @param errors         passes that failed (Redis unreachable, ...)
 * @param clockOffsetMillis estimated Redis server time minus local time; add it to a local
 *                       timestamp to compare it with a job's run-at (which is server time for
 *                       promotion): lateness of a job = (local start time + offset) - runAt
 */
public record PromoterStats(long promoted, long passes, long earlyWakeups, long errors, long clockOffsetMillis) {}
