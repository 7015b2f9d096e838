package dev.capstan.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a {@code JobHandler} bean periodically: the starter saves the schedule at start-up, and the
 * elected leader enqueues one job of the handler's type per tick, whatever the number of instances.
 *
 * <pre>{@code
 * @Component
 * @PeriodicJob(cron = "0 30 2 * * *", zone = "Europe/Berlin", args = "{\"kind\":\"daily\"}")
 * class NightlyReport implements JobHandler<NightlyReport.Args> { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(PeriodicJobs.class)
public @interface PeriodicJob {

    /** The schedule's id; by default the handler's job type. */
    String id() default "";

    /** A cron expression (5 fields, or 6 with seconds first); give this or {@link #every()}. */
    String cron() default "";

    /** The cron's time zone. */
    String zone() default "UTC";

    /** A fixed interval as an ISO-8601 duration ("PT5M") or Spring's short form ("5m"); give this or {@link #cron()}. */
    String every() default "";

    /** The job's arguments as JSON. */
    String args() default "{}";

    String queue() default "default";
}
