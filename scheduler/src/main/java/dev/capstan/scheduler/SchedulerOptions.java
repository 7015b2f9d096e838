package dev.capstan.scheduler;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Settings of a {@link PeriodicScheduler}.
 *
 * @param misfireThreshold a tick fired more than this late is a misfire and follows its schedule's
 *                         {@link MisfirePolicy} instead of firing (default 1 min)
 * @param maxSleep         the longest the scheduler sleeps; also how soon it sees added, changed or
 *                         enabled schedules (default 1 s)
 * @param shouldRun        asked before each pass; false = this process does not fire anything now.
 *                         The hook for leader election: firing is exactly-once per tick without it,
 *                         a leader only saves the other processes' round trips (default: always)
 */
public record SchedulerOptions(Duration misfireThreshold, Duration maxSleep, BooleanSupplier shouldRun) {

    public SchedulerOptions {
        Objects.requireNonNull(shouldRun, "shouldRun");
        if (misfireThreshold.toMillis() < 1 || maxSleep.toMillis() < 1) {
            throw new IllegalArgumentException("misfireThreshold and maxSleep must be at least 1 ms");
        }
    }

    public static SchedulerOptions defaults() {
        return new SchedulerOptions(Duration.ofMinutes(1), Duration.ofSeconds(1), () -> true);
    }

    public SchedulerOptions withMisfireThreshold(Duration d) {
        return new SchedulerOptions(d, maxSleep, shouldRun);
    }

    public SchedulerOptions withMaxSleep(Duration d) {
        return new SchedulerOptions(misfireThreshold, d, shouldRun);
    }

    public SchedulerOptions withShouldRun(BooleanSupplier supplier) {
        return new SchedulerOptions(misfireThreshold, maxSleep, supplier);
    }

    /**
     * How long a tick key lives: it only has to outlast the window in which another scheduler may
     * still try the same tick (at most the misfire threshold, plus clock differences); the
     * watermark in the schedule's state guards against anything later.
     */
    public Duration tickKeyTtl() {
        Duration twice = misfireThreshold.multipliedBy(2);
        return twice.compareTo(Duration.ofMinutes(2)) > 0 ? twice : Duration.ofMinutes(2);
    }
}
