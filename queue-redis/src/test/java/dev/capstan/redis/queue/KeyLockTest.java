package dev.capstan.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JobRequest;
import dev.capstan.api.JobState;
import dev.capstan.api.JobView;
import dev.capstan.redis.queue.QueueBroker.KeyBegin;
import dev.capstan.redis.queue.QueueBroker.KeyCompletion;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The idempotency-key lock in the queue's slot: taken with the completion check, renewed, fenced, released. */
@ExtendWith(RedisExtension.class)
class KeyLockTest {

    @Test
    void oneRoundTripChecksTheCompletionAndTakesTheLockWithAGrowingFencingToken(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        KeyBegin first = q.broker.beginKeyed("default", "k", "w1", "job-1", Duration.ofSeconds(20));
        assertEquals(KeyBegin.Kind.LOCKED, first.kind());
        assertEquals("w1 job-1 " + first.fencingToken(), first.value());
        KeyBegin second = q.broker.beginKeyed("default", "k", "w2", "job-2", Duration.ofSeconds(20));
        assertEquals(KeyBegin.Kind.BUSY, second.kind());
        assertEquals(first.value(), second.value(), "a busy answer names the holder");
        long ttl = q.redis.pttl(q.keys("default").keyLock("k"));
        assertTrue(ttl > 15_000 && ttl <= 20_000, "a short lease, not the job timeout: " + ttl);
        assertEquals(1, q.broker.releaseKeyLocks("default", List.of("k"), List.of(first.value())));
        KeyBegin third = q.broker.beginKeyed("default", "k", "w2", "job-2", Duration.ofSeconds(20));
        assertTrue(third.fencingToken() > first.fencingToken(), "fencing tokens grow");
    }

    @Test
    void renewalKeepsOnlyLocksStillHeldWithTheSameValue(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        KeyBegin a = q.broker.beginKeyed("default", "a", "w1", "job-a", Duration.ofMillis(500));
        KeyBegin b = q.broker.beginKeyed("default", "b", "w1", "job-b", Duration.ofMillis(500));
        q.redis.del(q.keys("default").keyLock("b")); // as the reaper does for a worker it declared dead
        List<Boolean> renewed = q.broker.renewKeyLocks("default", List.of("a", "b"), List.of(a.value(), b.value()),
                Duration.ofSeconds(20));
        assertEquals(List.of(true, false), renewed);
        assertTrue(q.redis.pttl(q.keys("default").keyLock("a")) > 15_000);
        assertNull(q.redis.get(q.keys("default").keyLock("b")), "a lost lock is not re-created");
    }

    @Test
    void onlyTheHolderCanRecordTheCompletion(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        q.client.enqueue(JobRequest.of("x", Map.of()).idempotencyKey("k"));
        FetchedJob job = q.fetcher("default", "w1").fetch(1, Duration.ZERO).get(0);
        KeyBegin stale = q.broker.beginKeyed("default", "k", "w1", job.job().id(), Duration.ofSeconds(20));
        // The worker was declared dead: the reaper freed the lock, another copy took it.
        q.broker.releaseKeyLocksOf("default", "w1", List.of("k"), List.of(job.job().id()));
        KeyBegin fresh = q.broker.beginKeyed("default", "k", "w2", job.job().id(), Duration.ofSeconds(20));
        assertEquals(KeyCompletion.LOCK_LOST, q.broker.ackCompleted("default", "w1", job.element(), job.job().id(), "k",
                stale.value(), Duration.ofDays(1)));
        assertNull(q.broker.completedBy("default", "k"), "the stale copy recorded nothing");
        assertEquals(List.of(job.element()), q.broker.processing("default", "w1"), "nor acknowledged anything");
        assertEquals(KeyCompletion.RECORDED_NOT_HELD, q.broker.ackCompleted("default", "w2", "not-in-w2s-list",
                job.job().id(), "k", fresh.value(), Duration.ofDays(1)));
        assertEquals(job.job().id(), q.broker.completedBy("default", "k"));
        assertNull(q.broker.keyLockHolder("default", "k"), "the completion released the lock");
    }

    @Test
    void theReaperReleasesTheLocksOfADeadWorkersKeyedJobs(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        q.client.enqueue(JobRequest.of("x", Map.of()).idempotencyKey("k"));
        FetchedJob job = q.fetcher("default", "w1").fetch(1, Duration.ZERO).get(0);
        q.broker.beginKeyed("default", "k", "w1", job.job().id(), Duration.ofMinutes(30));
        ProcessingListReaper reaper = new ProcessingListReaper(q.broker, q.codec, worker -> false);
        assertEquals(1, reaper.reapOnce());
        assertNull(q.broker.keyLockHolder("default", "k"), "the recovered job does not wait for the dead holder's lease");
        assertEquals(KeyBegin.Kind.LOCKED, q.broker.beginKeyed("default", "k", "w2", job.job().id(),
                Duration.ofSeconds(20)).kind());
    }

    @Test
    void aKeyedJobPutAsideForItsLockShowsAsWaitingForItsKey(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        q.client.enqueue(JobRequest.of("x", Map.of()).idempotencyKey("k"));
        q.client.enqueue(JobRequest.of("x", Map.of()).idempotencyKey("k"));
        List<FetchedJob> jobs = q.fetcher("default", "w1").fetch(2, Duration.ZERO);
        q.broker.beginKeyed("default", "k", "w1", jobs.get(0).job().id(), Duration.ofSeconds(20));
        q.settler.reschedule(jobs.get(1), Duration.ofSeconds(1)); // what a worker does with a busy copy
        JobView view = q.admin.scheduled("default", 0, 10).items().get(0);
        assertEquals(JobState.WAITING_FOR_KEY, view.state());
        assertEquals("w1", view.workerId(), "the holder's worker");
        assertEquals(JobState.WAITING_FOR_KEY, q.admin.find(jobs.get(1).job().id()).orElseThrow().state());
    }
}
