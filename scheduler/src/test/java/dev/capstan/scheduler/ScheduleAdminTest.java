package dev.capstan.scheduler;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Job;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class ScheduleAdminTest {

    @Test
    void savesListsAndRoundTripsDefinitions(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        ScheduleAdmin admin = f.scheduleAdmin();
        PeriodicSchedule cron = PeriodicSchedule.cron("report", "0 30 2 * * *", ZoneId.of("America/New_York"),
                "report", "{\"kind\":\"daily\",\"n\":[1,2]}").withQueue("reports").withMaxAttempts(3)
                .withMisfirePolicy(MisfirePolicy.RUN_ONCE);
        PeriodicSchedule every = PeriodicSchedule.every("poll", Duration.ofSeconds(10), "poll", null);
        admin.save(cron);
        admin.save(every);

        List<ScheduleView> views = admin.list();
        assertEquals(List.of("poll", "report"), views.stream().map(v -> v.schedule().id()).toList());
        ScheduleView report = admin.get("report").orElseThrow();
        assertEquals(cron.withArgsJson("{\"kind\":\"daily\",\"n\":[1,2]}").jobType(), report.schedule().jobType());
        assertEquals("reports", report.schedule().queue());
        assertEquals(3, report.schedule().maxAttempts());
        assertEquals(MisfirePolicy.RUN_ONCE, report.schedule().misfirePolicy());
        assertEquals(ZoneId.of("America/New_York"), report.schedule().zone());
        assertEquals("0 30 2 * * *", report.schedule().trigger().describe());
        assertEquals("{\"kind\":\"daily\",\"n\":[1,2]}", report.schedule().argsJson());
        assertEquals(cron.trigger().nextAfter(Instant.now()), report.nextRun());
        assertNull(report.lastRun());
        assertEquals("null", admin.get("poll").orElseThrow().schedule().argsJson());
        assertEquals(Duration.ofSeconds(10), ((IntervalTrigger) admin.get("poll").orElseThrow().schedule().trigger()).interval());
    }

    @Test
    void rejectsInvalidArgumentsBeforeWriting(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        assertThrows(IllegalArgumentException.class, () -> f.scheduleAdmin()
                .save(PeriodicSchedule.every("bad", Duration.ofSeconds(1), "t", "{not json")));
        assertTrue(f.scheduleAdmin().list().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> PeriodicSchedule.every("has space", Duration.ofSeconds(1), "t", "{}"));
        assertThrows(IllegalArgumentException.class, () -> PeriodicSchedule.every("x", Duration.ofSeconds(1), "t", "{}").withQueue("{q}"));
    }

    @Test
    void recordsLastRunAndStopsWhenDisabled(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        ScheduleAdmin admin = f.scheduleAdmin();
        admin.save(PeriodicSchedule.every("fast", Duration.ofMillis(200), "t", "{}").withQueue("q"));
        PeriodicScheduler scheduler = f.scheduler(SchedulerOptions.defaults().withMaxSleep(Duration.ofMillis(100))).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> f.pendingCount("q") >= 2);

        ScheduleView running = admin.get("fast").orElseThrow();
        assertNotNull(running.lastRun());
        assertNotNull(running.lastJobId());
        assertEquals(0, running.lastTick().toEpochMilli() % 200);

        assertTrue(admin.setEnabled("fast", false));
        long passes = scheduler.passes();
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.passes() >= passes + 2);
        long count = f.pendingCount("q");
        long later = scheduler.passes();
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.passes() >= later + 5);
        assertEquals(count, f.pendingCount("q"), "a disabled schedule does not fire");
        assertNull(admin.get("fast").orElseThrow().nextRun());
        assertFalse(admin.setEnabled("missing", true));
    }

    @Test
    void runNowEnqueuesWithTheScheduleArguments(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        f.scheduleAdmin().save(PeriodicSchedule.cron("yearly", "0 0 1 1 *", ZoneId.of("UTC"), "greet", "{\"to\":\"all\"}")
                .withQueue("q").withMaxAttempts(2));
        String id = f.scheduleAdmin().runNow("yearly").orElseThrow();
        Job job = f.waiting("q").get(0);
        assertEquals(id, job.id());
        assertEquals("greet", job.type());
        assertEquals("{\"to\":\"all\"}", job.args());
        assertEquals(2, job.maxAttempts());
        assertEquals("true", job.metadata().get("capstan.manual"));
        assertEquals("yearly", job.metadata().get("capstan.schedule"));
        assertTrue(f.scheduleAdmin().runNow("missing").isEmpty());
    }

    @Test
    void deleteRemovesDefinitionAndState(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        PeriodicSchedule s = PeriodicSchedule.every("gone", Duration.ofHours(1), "t", "{}").withQueue("q");
        f.scheduleAdmin().save(s);
        assertTrue(f.redis.exists(f.store().stateKey(s)));
        assertTrue(f.scheduleAdmin().delete("gone"));
        assertFalse(f.scheduleAdmin().delete("gone"));
        assertTrue(f.scheduleAdmin().get("gone").isEmpty());
        assertFalse(f.redis.exists(f.store().stateKey(s)));
    }

    @Test
    void changingTheQueueKeepsTheRunHistory(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        PeriodicSchedule s = PeriodicSchedule.every("mover", Duration.ofHours(1), "t", "{}").withQueue("a");
        f.scheduleAdmin().save(s);
        f.store().writeState(s, 12345, 678);
        f.scheduleAdmin().save(s.withQueue("b"));
        assertEquals(12345, f.store().state(s.withQueue("b")).covered());
        assertFalse(f.redis.exists(f.store().stateKey(s)));
    }
}
