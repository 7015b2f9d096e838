package dev.capstan.scheduler;

import dev.capstan.redis.queue.QueueKeys;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Job;
import dev.capstan.api.JobRequest;
import dev.capstan.redis.queue.QueueBroker.ScheduledElement;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class ScheduledJobPromoterTest {

    @Test
    void wakesEarlyWhenAnEarlierJobIsScheduled(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        f.client.enqueue(JobRequest.of("far", Map.of()).queue("q").runIn(Duration.ofHours(1)));
        // A safety net of a minute: only the wake-up message can make the promoter act in time.
        ScheduledJobPromoter promoter = f.promoter(PromoterOptions.defaults().withMaxSleep(Duration.ofMinutes(1))).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> promoter.stats().passes() >= 1);

        Instant runAt = Instant.now().plusMillis(300);
        f.client.enqueue(JobRequest.of("near", Map.of()).queue("q").runAt(runAt));

        await().atMost(Duration.ofSeconds(5)).until(() -> f.pendingCount("q") == 1);
        Job promoted = f.waiting("q").get(0);
        assertEquals("near", promoted.type());
        assertEquals(runAt.toEpochMilli(), promoted.runAt());
        assertEquals(1, f.redis.zcard(f.keys("q").scheduled()), "the job an hour away stays scheduled");
        assertTrue(promoter.stats().earlyWakeups() >= 1, "woken by the message: " + promoter.stats());
    }

    @Test
    void neverPromotesBeforeTheDueTime(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        ScheduledJobPromoter promoter = f.promoter(PromoterOptions.defaults()).start();
        long runAt = System.currentTimeMillis() + 700;
        f.client.enqueue(JobRequest.of("t", Map.of()).queue("q").runAt(Instant.ofEpochMilli(runAt)));
        await().atMost(Duration.ofSeconds(5)).until(() -> f.pendingCount("q") == 1);
        // The script promotes by the server's clock; the test runs on the same host, so compare loosely.
        assertTrue(System.currentTimeMillis() >= runAt - 50, "promoted before its time");
        assertTrue(promoter.stats().promoted() == 1);
    }

    @Test
    void safetyNetFindsJobsWrittenWithoutAWakeup(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        f.broker.registerQueue("q");
        ScheduledJobPromoter promoter = f.promoter(PromoterOptions.defaults().withMaxSleep(Duration.ofMillis(500))).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> promoter.stats().passes() >= 1);
        // As a worker's retry does: straight into the scheduled set, no message.
        Job job = new Job("retry-1", "t", "q", "{}", 1, 5, 1, 1, System.currentTimeMillis() + 100, null, null,
                Map.of(), 0, null);
        f.broker.enqueue("q", List.of(), List.of(new ScheduledElement(job.runAt(), f.codec.encode(job))));
        await().atMost(Duration.ofSeconds(5)).until(() -> f.pendingCount("q") == 1);
        assertEquals("retry-1", f.waiting("q").get(0).id());
    }

    @Test
    void followsNewQueuesAnnouncedWhileRunning(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        ScheduledJobPromoter promoter = f.promoter(PromoterOptions.defaults()
                .withMaxSleep(Duration.ofMinutes(1)).withRegistryRefresh(Duration.ofMinutes(1))).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> promoter.stats().passes() >= 1);
        f.client.enqueue(JobRequest.of("t", Map.of()).queue("brand-new").runIn(Duration.ofMillis(200)));
        await().atMost(Duration.ofSeconds(5)).until(() -> f.pendingCount("brand-new") == 1);
    }

    @Test
    void aStrayRegistryMemberOrAnnouncementDoesNotStopPromotion(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        f.redis.sadd(QueueKeys.registry(f.settings.namespace()), "bad name<x>");
        f.redis.publish(QueueKeys.scheduledWakeupChannel(f.settings.namespace()), "also{bad} 1");
        f.client.enqueue(JobRequest.of("t", Map.of()).queue("q").runIn(Duration.ofMillis(100)));
        ScheduledJobPromoter promoter = f.promoter(PromoterOptions.defaults().withMaxSleep(Duration.ofMillis(300))).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> f.pendingCount("q") == 1);
        f.redis.publish(QueueKeys.scheduledWakeupChannel(f.settings.namespace()), "bad<name> " + System.currentTimeMillis());
        f.client.enqueue(JobRequest.of("t", Map.of()).queue("q").runIn(Duration.ofMillis(100)));
        await().atMost(Duration.ofSeconds(5)).until(() -> f.pendingCount("q") == 2);
        assertEquals(0, promoter.stats().errors(), "no pass failed");
    }

    @Test
    void onlyItsOwnQueuesWhenGivenAList(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        ScheduledJobPromoter promoter = f.promoter(PromoterOptions.defaults().withQueues(Set.of("mine"))).start();
        f.client.enqueueAll(List.of(
                JobRequest.of("t", Map.of()).queue("mine").runIn(Duration.ofMillis(100)),
                JobRequest.of("t", Map.of()).queue("other").runIn(Duration.ofMillis(100))));
        await().atMost(Duration.ofSeconds(5)).until(() -> f.pendingCount("mine") == 1);
        long passes = promoter.stats().passes();
        await().atMost(Duration.ofSeconds(10)).until(() -> promoter.stats().passes() >= passes + 2);
        assertEquals(0, f.pendingCount("other"));
        assertEquals(1, f.redis.zcard(f.keys("other").scheduled()));
    }

    @Test
    void manyPromotersRacingMoveEachJobExactlyOnce(RedisTestContext ctx) {
        SchedulerFixture f = new SchedulerFixture(ctx);
        List<ScheduledJobPromoter> promoters = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // Small batches so the promoters interleave many times over the same set.
            promoters.add(f.promoter(PromoterOptions.defaults().withQueues(Set.of("race")).withBatchSize(50)).start());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> promoters.stream().allMatch(p -> p.stats().passes() >= 1));

        Instant due = Instant.now().plusMillis(500);
        List<JobRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            requests.add(JobRequest.of("t", Map.of("n", i)).queue("race").runAt(due));
        }
        f.client.enqueueAll(requests); // one write, one wake-up: all six wake for the same moment

        await().atMost(Duration.ofSeconds(20)).until(() -> f.redis.zcard(f.keys("race").scheduled()) == 0);
        List<Job> jobs = f.waiting("race");
        assertEquals(5000, jobs.size());
        Set<String> ids = new HashSet<>();
        jobs.forEach(j -> ids.add(j.id()));
        assertEquals(5000, ids.size(), "a job was promoted twice");
        long total = promoters.stream().mapToLong(p -> p.stats().promoted()).sum();
        assertEquals(5000, total, "promoters' own counts add up to the jobs moved");
        long busy = promoters.stream().filter(p -> p.stats().promoted() > 0).count();
        assertTrue(busy >= 2, "expected the promoters to share the work, got " + busy);
    }
}
