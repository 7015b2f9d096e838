package dev.capstan.scheduler;

import dev.capstan.api.Job;
import dev.capstan.api.QueueNames;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A job enqueued at every tick of a {@link Trigger}: a cron expression in a time zone, or a fixed
 * interval. {@code argsJson} is the job's arguments as a JSON document, stored as given.
 *
 * <p>Build with {@code PeriodicSchedule.cron("nightly-report", "0 30 2 * * *", ZoneId.of("Europe/Berlin"),
 * "report", "{\"kind\":\"daily\"}").withQueue("reports")}.
 */
public record PeriodicSchedule(String id, Trigger trigger, String jobType, String argsJson, String queue,
                               int maxAttempts, boolean enabled, MisfirePolicy misfirePolicy) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    public PeriodicSchedule {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid schedule id '" + id
                    + "': use 1 to 128 letters, digits, '-', '_' or '.', starting with a letter or digit");
        }
        Objects.requireNonNull(trigger, "trigger");
        QueueNames.requireValidType(jobType);
        QueueNames.requireValidQueue(queue);
        argsJson = argsJson == null || argsJson.isBlank() ? "null" : argsJson;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(misfirePolicy, "misfirePolicy");
    }

    /** A cron schedule (5 or 6 fields, see {@link CronTrigger}) on queue "default", enabled, misfires skipped. */
    public static PeriodicSchedule cron(String id, String expression, ZoneId zone, String jobType, String argsJson) {
        return new PeriodicSchedule(id, CronTrigger.parse(expression, zone), jobType, argsJson, "default",
                Job.DEFAULT_MAX_ATTEMPTS, true, MisfirePolicy.SKIP);
    }

    /** A fixed-interval schedule (ticks at multiples of the interval since the epoch, see {@link IntervalTrigger}). */
    public static PeriodicSchedule every(String id, Duration interval, String jobType, String argsJson) {
        return new PeriodicSchedule(id, new IntervalTrigger(interval), jobType, argsJson, "default",
                Job.DEFAULT_MAX_ATTEMPTS, true, MisfirePolicy.SKIP);
    }

    public PeriodicSchedule withQueue(String q) {
        return new PeriodicSchedule(id, trigger, jobType, argsJson, q, maxAttempts, enabled, misfirePolicy);
    }

    public PeriodicSchedule withMaxAttempts(int attempts) {
        return new PeriodicSchedule(id, trigger, jobType, argsJson, queue, attempts, enabled, misfirePolicy);
    }

    public PeriodicSchedule withEnabled(boolean on) {
        return new PeriodicSchedule(id, trigger, jobType, argsJson, queue, maxAttempts, on, misfirePolicy);
    }

    public PeriodicSchedule withMisfirePolicy(MisfirePolicy policy) {
        return new PeriodicSchedule(id, trigger, jobType, argsJson, queue, maxAttempts, enabled, policy);
    }

    public PeriodicSchedule withArgsJson(String json) {
        return new PeriodicSchedule(id, trigger, jobType, json, queue, maxAttempts, enabled, misfirePolicy);
    }

    /** The time zone of a cron trigger; null for an interval. */
    public ZoneId zone() {
        return trigger instanceof CronTrigger c ? c.zone() : null;
    }
}
