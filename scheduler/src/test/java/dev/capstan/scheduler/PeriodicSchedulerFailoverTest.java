package dev.capstan.scheduler;

import static org.awaitility.Awaitility.await;

import dev.capstan.api.Job;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/** Killing a scheduler mid-way, even the one that won the most ticks, changes nothing in the count. */
@ExtendWith(RedisExtension.class)
class PeriodicSchedulerFailoverTest {

    @Test
    void killingTheBusiestSchedulerNeitherDuplicatesNorLosesTicks(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        f.scheduleAdmin().save(PeriodicSchedule.cron("heartbeat", "* * * * * *", ZoneOffset.UTC, "beat", "{}")
                .withQueue("ticks"));
        List<RedisClient> clients = new ArrayList<>();
        List<PeriodicScheduler> schedulers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RedisClient client = ctx.newClient();
            clients.add(client);
            schedulers.add(ctx.closeAfter(new PeriodicScheduler(client, f.settings, f.codec, SchedulerOptions.defaults())).start());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> f.pendingCount("ticks") >= 10);

        // "Kill" the scheduler that has won the most ticks: its connections go first, mid-whatever
        // it was doing, then its thread.
        PeriodicScheduler busiest = schedulers.stream().max(Comparator.comparingLong(PeriodicScheduler::fired)).orElseThrow();
        clients.get(schedulers.indexOf(busiest)).close();
        busiest.stop();

        await().atMost(Duration.ofSeconds(40)).until(() -> f.pendingCount("ticks") >= PeriodicSchedulerExactlyOnceTest.TICKS);
        schedulers.forEach(PeriodicScheduler::stop);
        List<Job> jobs = f.waiting("ticks");
        PeriodicSchedulerExactlyOnceTest.assertOneJobPerConsecutiveTick(jobs, "heartbeat");
    }
}
