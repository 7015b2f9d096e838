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

        List<Long> ticks = runs.stream().filter(r -> r.type().equals("clean-up")).map(r -> Long.parseLong(r.tick()))
                .sorted().toList();
        assertTrue(ticks.size() >= 3, runs.toString());
        assertEquals(ticks.size(), ticks.stream().distinct().count(), "each tick ran once: " + ticks);
        assertTrue(ticks.stream().allMatch(t -> t % 1_000 == 0), "ticks on whole seconds: " + ticks);
        assertTrue(ticks.get(ticks.size() - 1) - ticks.get(0) < 5_000, "one tick per second: " + ticks);
        assertTrue(runs.stream().noneMatch(r -> r.type().equals("nightly-report")), "02:30 is not now");
        assertEquals(List.of(), new ScheduleAdmin(capstan.redis(), capstan.settings(), capstan.codec()).list(),
                "the example removes its schedules");
    }
}
