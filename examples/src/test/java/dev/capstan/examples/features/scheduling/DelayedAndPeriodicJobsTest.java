package dev.capstan.examples.features.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.examples.TestCapstan;
import dev.capstan.examples.features.scheduling.DelayedAndPeriodicJobs.Run;
import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class DelayedAndPeriodicJobsTest {

    @Test
    void theReminderRunsAfterItsDelayAndTheCleanUpOncePerSecond(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = TestCapstan.of(ctx);
        Instant start = Instant.now();
        List<Run> runs = DelayedAndPeriodicJobs.run(capstan, 3);

        Run reminder = runs.stream().filter(r -> r.type().equals("send-reminder")).findFirst().orElseThrow();
        Duration delay = Duration.between(start, reminder.at());
        assertTrue(delay.compareTo(Duration.ofMillis(1_950)) >= 0 && delay.compareTo(Duration.ofSeconds(6)) < 0,
                "enqueued to run in 2 s, ran after " + delay);

        List<Long> ticks = runs.stream().filter(r -> r.type().equals("clean-up")).map(r -> Long.parseLong(r.tick())).toList();
        assertTrue(ticks.size() >= 3, runs.toString());
        for (int i = 1; i < ticks.size(); i++) {
            assertEquals(1_000, ticks.get(i) - ticks.get(i - 1), "one run per one-second tick: " + ticks);
        }
        assertTrue(runs.stream().noneMatch(r -> r.type().equals("nightly-report")), "02:30 is not now");
        assertEquals(List.of(), new ScheduleAdmin(capstan.redis(), capstan.settings(), capstan.codec()).list(),
                "the example removes its schedules");
    }
}
