package dev.capstan.scheduler;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.Job;
import dev.capstan.api.JobArgs;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobTypes;
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
 * "report", "{\"kind\":\"daily\"}").withQueue("reports")}, or with typed arguments as {@code enqueue} takes
 * them: {@code PeriodicSchedule.cron("nightly-report", "0 30 2 * * *", zone, NightlyReport.class, new NightlyReport.Args("daily"))}.
 */
public record PeriodicSchedule(String id, Trigger trigger, String jobType, String argsJson, String queue,
                               int maxAttempts, boolean enabled, MisfirePolicy misfirePolicy) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final JacksonJobCodec ARGS = new JacksonJobCodec();

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

    /** A cron schedule of handler class {@code handler}'s type (named as {@link JobTypes#typeOf} names it), with typed arguments. */
    public static <A> PeriodicSchedule cron(String id, String expression, ZoneId zone, Class<? extends JobHandler<A>> handler,
                                            A args) {
        return cron(id, expression, zone, JobTypes.typeOf(handler), ARGS.encodeArgs(args));
    }

    /** A cron schedule of the type that {@code args}' class names with {@link dev.capstan.api.JobType}. */
    public static PeriodicSchedule cron(String id, String expression, ZoneId zone, JobArgs args) {
        return cron(id, expression, zone, JobTypes.typeOfArgs(args.getClass()), ARGS.encodeArgs(args));
    }

    /** A fixed-interval schedule of handler class {@code handler}'s type, with typed arguments. */
    public static <A> PeriodicSchedule every(String id, Duration interval, Class<? extends JobHandler<A>> handler, A args) {
        return every(id, interval, JobTypes.typeOf(handler), ARGS.encodeArgs(args));
    }

    /** A fixed-interval schedule of the type that {@code args}' class names with {@link dev.capstan.api.JobType}. */
    public static PeriodicSchedule every(String id, Duration interval, JobArgs args) {
        return every(id, interval, JobTypes.typeOfArgs(args.getClass()), ARGS.encodeArgs(args));
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

    /** The same schedule with {@code args} (a record or any Jackson-encodable value) as its job's arguments. */
    public PeriodicSchedule withArgs(Object args) {
        return withArgsJson(ARGS.encodeArgs(args));
    }

    public PeriodicSchedule withArgsJson(String json) {
        return new PeriodicSchedule(id, trigger, jobType, json, queue, maxAttempts, enabled, misfirePolicy);
    }

    /** The time zone of a cron trigger; null for an interval. */
    public ZoneId zone() {
        return trigger instanceof CronTrigger c ? c.zone() : null;
    }
}
