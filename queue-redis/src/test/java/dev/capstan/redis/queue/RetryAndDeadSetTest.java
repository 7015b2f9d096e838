package dev.capstan.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.ExponentialBackoff;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobState;
import dev.capstan.api.JobView;
import dev.capstan.api.RetryPolicy;
import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RetryAndDeadSetTest {

    @Test
    void failedJobIsRetriedAfterBackoffThenDiesAfterItsLastAttempt(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        String id = q.client.enqueue(JobRequest.of("flaky", Map.of()).maxAttempts(3)).jobId();
        ReliableFetcher fetcher = q.fetcher("default", "w1");
        RetryPolicy immediate = RetryPolicy.fixed(Duration.ZERO);

        for (int attempt = 0; attempt < 3; attempt++) {
            List<FetchedJob> got = fetcher.fetch(1, Duration.ZERO);
            assertEquals(1, got.size(), "attempt " + attempt + " runs");
            assertEquals(attempt, got.get(0).job().attempt());
            boolean retried = q.settler.fail(got.get(0), new IllegalStateException("boom " + attempt), immediate);
            assertEquals(attempt < 2, retried);
            if (retried) {
                JobView scheduled = q.admin.scheduled("default", 0, 10).items().get(0);
                assertEquals(JobState.RETRY, scheduled.state(), "a retry is told apart from a first scheduled run");
                assertEquals("boom " + attempt, scheduled.job().lastError().message());
                assertEquals(IllegalStateException.class.getName(), scheduled.job().lastError().className());
                assertTrue(scheduled.job().lastError().stackTrace().contains("RetryAndDeadSetTest"));
                assertEquals(1, q.broker.promoteDue("default", 100).moved());
            }
        }
        assertEquals(0, q.redis.llen(q.keys("default").processing("w1")));
        List<JobView> dead = q.admin.dead("default", 0, 10).items();
        assertEquals(1, dead.size());
        assertEquals(id, dead.get(0).job().id());
        assertEquals("boom 2", dead.get(0).job().lastError().message());
        assertEquals(JobState.DEAD, q.admin.find(id).orElseThrow().state());
    }

    @Test
    void retryWaitsInTheScheduledSetUntilDue(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        q.client.enqueue("flaky", Map.of());
        FetchedJob job = q.fetcher("default", "w1").fetch(1, Duration.ZERO).get(0);
        q.settler.fail(job, new RuntimeException("x"), RetryPolicy.fixed(Duration.ofHours(1)));
        QueueBroker.PromotionResult result = q.broker.promoteDue("default", 100);
        assertEquals(0, result.moved(), "not due for an hour");
        assertTrue(result.nextDueAt() > System.currentTimeMillis() + Duration.ofMinutes(59).toMillis());
        assertEquals(0, q.redis.llen(q.keys("default").pending()));
    }

    @Test
    void defaultBackoffGrowsAndIsJittered() {
        ExponentialBackoff backoff = new ExponentialBackoff();
        long first = backoff.delayAfter(1).toSeconds();
        long fifth = backoff.delayAfter(5).toSeconds();
        assertTrue(first >= 16 && first < 16 + 20, "first retry after 16-35 s, was " + first);
        assertTrue(fifth >= 625 + 15 && fifth < 625 + 15 + 60, "fifth retry after ~11 min, was " + fifth);
        long total = 0;
        for (int n = 1; n < 25; n++) {
            total += backoff.delayAfter(n).toSeconds();
        }
        assertTrue(total > Duration.ofDays(15).toSeconds() && total < Duration.ofDays(25).toSeconds(),
                "25 attempts span about three weeks, was " + Duration.ofSeconds(total));
    }

    @Test
    void deadSetIsCappedByCount(RedisTestContext ctx) {
        QueueSettings settings = QueueSettings.defaults(new Namespace(ctx.namespace())).withDeadLimits(5, Duration.ofDays(1));
        QueueFixture q = new QueueFixture(ctx, settings);
        for (int i = 0; i < 8; i++) {
            q.client.enqueue(JobRequest.of("doomed", Map.of("i", i)).maxAttempts(1));
        }
        ReliableFetcher fetcher = q.fetcher("default", "w1");
        for (FetchedJob job : fetcher.fetch(8, Duration.ZERO)) {
            assertFalse(q.settler.fail(job, new RuntimeException("no"), RetryPolicy.exponentialWithJitter()));
        }
        assertEquals(5, q.redis.zcard(q.keys("default").dead()), "oldest dead jobs are dropped past the cap");
    }

    @Test
    void deadSetIsCappedByAge(RedisTestContext ctx) {
        QueueSettings settings = QueueSettings.defaults(new Namespace(ctx.namespace())).withDeadLimits(100, Duration.ofDays(1));
        QueueFixture q = new QueueFixture(ctx, settings);
        // A dead job from two days ago (score = time of death), then a new death trims it.
        q.redis.zadd(q.keys("default").dead(), System.currentTimeMillis() - Duration.ofDays(2).toMillis(), "{\"id\":\"old\"}");
        q.client.enqueue(JobRequest.of("doomed", Map.of()).maxAttempts(1));
        FetchedJob job = q.fetcher("default", "w1").fetch(1, Duration.ZERO).get(0);
        q.settler.fail(job, new RuntimeException("no"), RetryPolicy.exponentialWithJitter());
        assertEquals(List.of(job.job().id()), q.admin.dead("default", 0, 10).items().stream().map(v -> v.job().id()).toList());
    }
}
