package dev.capstan.examples.readme;

import dev.capstan.redis.CapstanRedis;
import dev.capstan.scheduler.MisfirePolicy;
import dev.capstan.scheduler.PeriodicSchedule;
import dev.capstan.scheduler.ScheduleAdmin;
import java.time.ZoneId;

/** The README's periodic job: a schedule saved in Redis, run by the workers' leader. */
public final class PeriodicJobs {
    private PeriodicJobs() {}

    // tag::periodic[]
    static void saveSchedules(CapstanRedis capstan) {
        ScheduleAdmin schedules = new ScheduleAdmin(capstan.redis(), capstan.settings(), capstan.codec());
        schedules.save(PeriodicSchedule.cron("nightly-report", "0 30 2 * * *", ZoneId.of("Europe/Berlin"),
                        "nightly-report", "{\"name\":\"signups\"}")     // job type and its arguments (JSON)
                .withQueue("reports")
                .withMisfirePolicy(MisfirePolicy.RUN_ONCE));   // one catch-up run for ticks missed while down
    }
    // end::periodic[]

    public static void main(String[] args) {
        try (CapstanRedis capstan = CapstanRedis.connect(System.getenv().getOrDefault("REDIS_URL", "redis://localhost:6379"))) {
            saveSchedules(capstan);
        }
    }
}
