package dev.capstan.scheduler;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Job;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ticks missed while no scheduler ran. The schedule fires on January 1st, so every tick since the
 * simulated downtime began is long past (more than the misfire threshold) when the test runs.
 */
@ExtendWith(RedisExtension.class)
class MisfireTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant THREE_YEARS_AGO = ZonedDateTime.now(BERLIN).minusYears(3).withDayOfYear(2).toInstant();

    private static PeriodicSchedule newYear(MisfirePolicy policy) {
        return PeriodicSchedule.cron("new-year", "0 0 0 1 1 *", BERLIN, "greet", "{}").withQueue("q")
                .withMisfirePolicy(policy);
    }

    /** Starts schedulers, waits until each has made two full passes, stops them. */
    private static void runSchedulers(SchedulerFixture f, int count) {
        List<PeriodicScheduler> schedulers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            schedulers.add(f.scheduler(SchedulerOptions.defaults().withMaxSleep(Duration.ofMillis(100))).start());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> schedulers.stream().allMatch(s -> s.passes() >= 2));
        schedulers.forEach(PeriodicScheduler::stop);
    }

    @Test
    void runOnceEnqueuesOneCatchUpRunWhateverTheNumberOfSchedulers(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        PeriodicSchedule schedule = newYear(MisfirePolicy.RUN_ONCE);
        f.scheduleAdmin().save(schedule);
        f.store().writeState(schedule, THREE_YEARS_AGO.toEpochMilli(), THREE_YEARS_AGO.toEpochMilli());

        runSchedulers(f, 4);

        List<Job> jobs = f.waiting("q");
        assertEquals(1, jobs.size(), "three missed ticks, one catch-up run");
        Job catchUp = jobs.get(0);
        assertEquals("true", catchUp.metadata().get("capstan.catchUp"));
        Instant firstMissed = schedule.trigger().nextAfter(THREE_YEARS_AGO);
        assertEquals(firstMissed.toEpochMilli(), Long.parseLong(catchUp.metadata().get("capstan.tick")));

        ScheduleState state = f.store().state(schedule);
        assertTrue(state.covered() > System.currentTimeMillis() - Duration.ofMinutes(5).toMillis(),
                "the catch-up covers every missed tick");
        assertEquals(catchUp.id(), state.lastJobId());

        runSchedulers(f, 2); // a later restart has nothing to catch up
        assertEquals(1, f.pendingCount("q"));
    }

    @Test
    void skipDropsMissedTicks(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        PeriodicSchedule schedule = newYear(MisfirePolicy.SKIP);
        f.scheduleAdmin().save(schedule);
        f.store().writeState(schedule, THREE_YEARS_AGO.toEpochMilli(), THREE_YEARS_AGO.toEpochMilli());

        runSchedulers(f, 3);

        assertEquals(0, f.pendingCount("q"));
        ScheduleView view = f.scheduleAdmin().get("new-year").orElseThrow();
        assertEquals(null, view.lastRun());
        assertEquals(schedule.trigger().nextAfter(Instant.now()), view.nextRun());
    }

    @Test
    void timeWhileDisabledIsNeverCaughtUp(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        PeriodicSchedule schedule = newYear(MisfirePolicy.RUN_ONCE).withEnabled(false);
        f.scheduleAdmin().save(schedule);
        f.store().writeState(schedule, THREE_YEARS_AGO.toEpochMilli(), THREE_YEARS_AGO.toEpochMilli());
        assertTrue(f.scheduleAdmin().setEnabled("new-year", true));

        runSchedulers(f, 2);

        assertEquals(0, f.pendingCount("q"));
    }

    @Test
    void ticksMissedWhileRunningButStalledFollowThePolicyToo(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        // Every second, with a one-second misfire threshold; the schedulers "stall" (shouldRun false)
        // for a few seconds, then resume.
        PeriodicSchedule schedule = PeriodicSchedule.every("fast", Duration.ofSeconds(1), "t", "{}").withQueue("q")
                .withMisfirePolicy(MisfirePolicy.SKIP);
        f.scheduleAdmin().save(schedule);
        long stalledAt = System.currentTimeMillis();
        java.util.concurrent.atomic.AtomicBoolean run = new java.util.concurrent.atomic.AtomicBoolean(false);
        PeriodicScheduler s = f.scheduler(SchedulerOptions.defaults().withMisfireThreshold(Duration.ofSeconds(1))
                .withMaxSleep(Duration.ofMillis(100)).withShouldRun(run::get)).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() - stalledAt >= 4000 && s.passes() > 3);
        assertEquals(0, f.pendingCount("q"), "shouldRun=false fires nothing");
        run.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.pendingCount("q") >= 2);
        s.stop();
        List<Job> jobs = f.waiting("q");
        long firstTick = Long.parseLong(jobs.get(0).metadata().get("capstan.tick"));
        assertTrue(firstTick >= stalledAt + 3000, "the stalled seconds were skipped, first tick "
                + (firstTick - stalledAt) + " ms after the stall began");
    }
}
