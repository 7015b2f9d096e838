package dev.capstan.scheduler;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Job;
import dev.capstan.api.JobError;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobState;
import dev.capstan.api.JobView;
import dev.capstan.redis.queue.QueueBroker.ScheduledElement;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class ScheduledJobAdminTest {

    @Test
    void listsDelayedAndRetryJobs(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        String delayed = f.client.enqueue(JobRequest.of("t", Map.of()).queue("q").runIn(Duration.ofHours(1))).jobId();
        Job retry = new Job("r1", "t", "q", "{}", 1, 5, 1, 1, System.currentTimeMillis() + 7_200_000, null, null,
                Map.of(), 0, new JobError("E", "boom", null, 1));
        f.broker.enqueue("q", List.of(), List.of(new ScheduledElement(retry.runAt(), f.codec.encode(retry))));

        List<JobView> views = new ScheduledJobAdmin(f.redis, f.settings, f.codec).list("q", 0, 10).items();
        assertEquals(List.of(delayed, "r1"), views.stream().map(v -> v.job().id()).toList());
        assertEquals(List.of(JobState.SCHEDULED, JobState.RETRY), views.stream().map(JobView::state).toList());
    }

    @Test
    void runNowMovesTheJobToItsQueue(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        ScheduledJobAdmin admin = new ScheduledJobAdmin(f.redis, f.settings, f.codec);
        String id = f.client.enqueue(JobRequest.of("t", Map.of()).queue("q").runIn(Duration.ofHours(1))).jobId();
        assertTrue(admin.runNow("q", id));
        assertEquals(id, f.waiting("q").get(0).id());
        assertEquals(0, f.redis.zcard(f.keys("q").scheduled()));
        assertFalse(admin.runNow("q", id), "no longer scheduled");
    }

    @Test
    void deleteRemovesOnlyThatJob(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        ScheduledJobAdmin admin = new ScheduledJobAdmin(f.redis, f.settings, f.codec);
        String a = f.client.enqueue(JobRequest.of("t", Map.of()).queue("q").runIn(Duration.ofHours(1))).jobId();
        String b = f.client.enqueue(JobRequest.of("t", Map.of()).queue("q").runIn(Duration.ofHours(1))).jobId();
        assertTrue(admin.delete("q", a));
        assertFalse(admin.delete("q", a));
        assertEquals(List.of(b), admin.list("q", 0, 10).items().stream().map(v -> v.job().id()).toList());
    }

    @Test
    void rescheduleChangesTheRunAtAndWakesThePromoter(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        ScheduledJobAdmin admin = new ScheduledJobAdmin(f.redis, f.settings, f.codec);
        String id = f.client.enqueue(JobRequest.of("t", Map.of()).queue("q").runIn(Duration.ofHours(1))).jobId();

        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
        assertTrue(admin.reschedule("q", id, tomorrow));
        JobView view = admin.list("q", 0, 10).items().get(0);
        assertEquals(tomorrow.toEpochMilli(), view.at());
        assertEquals(tomorrow.toEpochMilli(), view.job().runAt());

        ScheduledJobPromoter promoter = f.promoter(PromoterOptions.defaults().withMaxSleep(Duration.ofMinutes(1))).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> promoter.stats().passes() >= 1);
        assertTrue(admin.reschedule("q", id, Instant.now().plusMillis(200)));
        await().atMost(Duration.ofSeconds(5)).until(() -> f.pendingCount("q") == 1);
        assertFalse(admin.reschedule("q", id, tomorrow), "no longer scheduled");
    }
}
