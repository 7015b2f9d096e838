package dev.capstan.scheduler;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Job;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Five schedulers, each with its own client, on one every-second schedule: one job per tick. */
@ExtendWith(RedisExtension.class)
class PeriodicSchedulerExactlyOnceTest {
    static final int TICKS = 30;

    @Test
    void fiveSchedulersEnqueueEachTickExactlyOnce(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        long savedAt = System.currentTimeMillis();
        f.scheduleAdmin().save(PeriodicSchedule.cron("heartbeat", "* * * * * *", ZoneOffset.UTC, "beat", "{\"n\":1}")
                .withQueue("ticks"));
        List<PeriodicScheduler> schedulers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            schedulers.add(f.scheduler(SchedulerOptions.defaults()).start());
        }

        await().atMost(Duration.ofSeconds(TICKS + 15)).until(() -> f.pendingCount("ticks") >= TICKS);
        schedulers.forEach(PeriodicScheduler::stop);

        List<Job> jobs = f.waiting("ticks");
        assertOneJobPerConsecutiveTick(jobs, "heartbeat");
        long maxLate = jobs.stream().mapToLong(j -> j.createdAt() - Long.parseLong(j.metadata().get("capstan.tick")))
                .max().orElse(0);
        System.out.printf("first tick %d ms after save; latest enqueue %d ms after its tick%n",
                Long.parseLong(jobs.get(0).metadata().get("capstan.tick")) - savedAt, maxLate);
        assertEquals(jobs.size(), schedulers.stream().mapToLong(PeriodicScheduler::fired).sum());
        long tickKeys = ctx.keys().stream().filter(k -> k.contains(":tick:heartbeat:")).count();
        assertEquals(jobs.size(), tickKeys, "one tick key per enqueued job");
        assertEquals("{\"n\":1}", jobs.get(0).args());
        assertEquals("beat", jobs.get(0).type());
    }

    /** Each job is for a distinct tick, and the ticks are whole consecutive seconds: none twice, none missed. */
    static void assertOneJobPerConsecutiveTick(List<Job> jobs, String scheduleId) {
        assertTrue(jobs.size() >= TICKS, "only " + jobs.size() + " jobs");
        List<Long> ticks = jobs.stream().map(j -> {
            assertEquals(scheduleId, j.metadata().get("capstan.schedule"));
            return Long.parseLong(j.metadata().get("capstan.tick"));
        }).sorted().toList();
        for (int i = 0; i < ticks.size(); i++) {
            assertEquals(0, ticks.get(i) % 1000, "tick on a whole second");
            if (i > 0) {
                assertEquals(ticks.get(i - 1) + 1000, ticks.get(i), "ticks " + i + " and " + (i - 1)
                        + " are not one second apart (0 = a duplicate, 2000+ = a missed tick): " + ticks);
            }
        }
    }
}
