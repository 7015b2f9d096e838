package dev.capstan.examples.readme;

import dev.capstan.redis.CapstanRedis;
import dev.capstan.scheduler.MisfirePolicy;
import dev.capstan.scheduler.PeriodicSchedule;
import dev.capstan.scheduler.PeriodicScheduler;
import dev.capstan.scheduler.PromoterOptions;
import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.scheduler.ScheduledJobPromoter;
import dev.capstan.scheduler.SchedulerOptions;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;

/**
 * A process that schedules without running jobs (docs/SCHEDULER.md). Workers already run both parts;
 * a process like this one is only for setups that want scheduling apart from the workers.
 */
public final class SchedulerProcess {
    private SchedulerProcess() {}

    // tag::promoter[]
    static ScheduledJobPromoter startPromoter(CapstanRedis capstan) {
        return new ScheduledJobPromoter(capstan.redis(), capstan.settings(), PromoterOptions.defaults()).start();
    }
    // end::promoter[]

    // tag::periodic-scheduler[]
    static PeriodicScheduler startPeriodicScheduler(CapstanRedis capstan) {
        var admin = new ScheduleAdmin(capstan.redis(), capstan.settings(), capstan.codec());
        admin.save(PeriodicSchedule.cron("nightly", "0 30 2 * * *", ZoneId.of("Europe/Berlin"), "report", "{}")
                .withQueue("reports").withMisfirePolicy(MisfirePolicy.RUN_ONCE));
        return new PeriodicScheduler(capstan.redis(), capstan.settings(), capstan.codec(), SchedulerOptions.defaults()).start();
    }
    // end::periodic-scheduler[]

    public static void main(String[] args) throws InterruptedException {
        CapstanRedis capstan = CapstanRedis.connect(System.getenv().getOrDefault("REDIS_URL", "redis://localhost:6379"));
        ScheduledJobPromoter promoter = startPromoter(capstan);
        PeriodicScheduler scheduler = startPeriodicScheduler(capstan);
        CountDownLatch stopped = new CountDownLatch(1);
        // One hook stops everything in order: the schedulers first, the connections they use last.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            scheduler.stop();
            promoter.stop();
            capstan.close();
            stopped.countDown();
        }));
        stopped.await(); // a non-daemon main thread keeps the process up (the schedulers' threads are daemons)
    }
}
