package dev.capstan.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.CapstanException;
import dev.capstan.api.Job;
import dev.capstan.api.JobError;
import dev.capstan.api.JobRequest;
import dev.capstan.api.RetryPolicy;
import dev.capstan.redis.queue.QueueBroker.Move;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Every script that moves a job, with the key it moves the job to (or from) holding the wrong type: a
 * Lua error after a write keeps that write, so each script checks key types before it writes. The job
 * must stay where it was, and the error must name the key.
 */
@ExtendWith(RedisExtension.class)
class WrongTypeKeysTest {

    private static void assertNamesKey(RuntimeException e, String key) {
        assertTrue(e.getMessage().contains("WRONGTYPE key " + key), e.getMessage());
    }

    /** One job fetched by worker w1: it is in w1's processing list. */
    private static FetchedJob fetchedJob(QueueFixture q) {
        q.client.enqueue(JobRequest.of("x", Map.of("n", 1)).maxAttempts(1));
        return q.fetcher("default", "w1").fetch(1, Duration.ZERO).get(0);
    }

    @Test
    void deadScriptLeavesTheJobInItsProcessingListWhenTheDeadSetIsNotASortedSet(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        FetchedJob job = fetchedJob(q);
        String dead = q.keys("default").dead();
        q.redis.set(dead, "oops");
        JedisDataException e = assertThrows(JedisDataException.class,
                () -> q.settler.fail(job, new IllegalStateException("boom"), RetryPolicy.exponentialWithJitter()));
        assertNamesKey(e, dead);
        assertEquals(List.of(job.element()), q.broker.processing("default", "w1"), "the job is still in flight");
    }

    @Test
    void retryScriptLeavesTheJobInItsProcessingListWhenScheduledIsNotASortedSet(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        q.client.enqueue(JobRequest.of("x", Map.of("n", 1)));
        FetchedJob job = q.fetcher("default", "w1").fetch(1, Duration.ZERO).get(0);
        String scheduled = q.keys("default").scheduled();
        q.redis.set(scheduled, "oops");
        JedisDataException e = assertThrows(JedisDataException.class,
                () -> q.settler.fail(job, new IllegalStateException("boom"), RetryPolicy.exponentialWithJitter()));
        assertNamesKey(e, scheduled);
        assertEquals(List.of(job.element()), q.broker.processing("default", "w1"));
    }

    @Test
    void requeueScriptLeavesTheJobInItsProcessingListWhenPendingIsNotAList(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        FetchedJob job = fetchedJob(q);
        String pending = q.keys("default").pending();
        q.redis.set(pending, "oops");
        JedisDataException e = assertThrows(JedisDataException.class, () -> q.settler.requeue(List.of(job)));
        assertNamesKey(e, pending);
        assertEquals(List.of(job.element()), q.broker.processing("default", "w1"));
    }

    @Test
    void promotionLeavesDueJobsScheduledWhenPendingIsNotAList(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        // A job that was due a second ago (any element will do for promotion).
        q.broker.enqueue("default", List.of(),
                List.of(new QueueBroker.ScheduledElement(System.currentTimeMillis() - 1000, "due-job")));
        String pending = q.keys("default").pending();
        q.redis.set(pending, "oops");
        JedisDataException e = assertThrows(JedisDataException.class, () -> q.broker.promoteDue("default", 100));
        assertNamesKey(e, pending);
        assertEquals(1, q.redis.zcard(q.keys("default").scheduled()), "the job is still scheduled");
    }

    @Test
    void fetchMovesNothingWhenTheProcessingListOrWorkerSetHasTheWrongType(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        q.client.enqueue(JobRequest.of("x", Map.of()));
        String processing = q.keys("default").processing("w1");
        q.redis.set(processing, "oops");
        JedisDataException e = assertThrows(JedisDataException.class, () -> q.broker.fetch("default", "w1", 10));
        assertNamesKey(e, processing);
        assertEquals(1, q.redis.llen(q.keys("default").pending()), "the job is still waiting");
        q.redis.del(processing);
        String workers = q.keys("default").workers();
        q.redis.set(workers, "oops");
        e = assertThrows(JedisDataException.class, () -> q.broker.fetch("default", "w1", 10));
        assertNamesKey(e, workers);
        assertEquals(1, q.redis.llen(q.keys("default").pending()));
        assertEquals(0, q.redis.llen(processing));
    }

    @Test
    void retryFromTheDeadSetLeavesTheJobDeadWhenPendingIsNotAList(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        FetchedJob job = fetchedJob(q);
        q.settler.dead(job, JobError.reason("Test", "dead on purpose", System.currentTimeMillis()));
        String pending = q.keys("default").pending();
        q.redis.set(pending, "oops");
        String deadElement = q.redis.zrange(q.keys("default").dead(), 0, 0).get(0);
        JedisDataException e = assertThrows(JedisDataException.class,
                () -> q.broker.retryDead("default", List.of(new Move(deadElement, deadElement))));
        assertNamesKey(e, pending);
        assertEquals(1, q.redis.zcard(q.keys("default").dead()), "the job is still dead");
    }

    @Test
    void enqueueWritesNothingWhenOneOfItsKeysHasTheWrongType(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        String scheduled = q.keys("default").scheduled();
        q.redis.set(scheduled, "oops");
        // One call with a job for now and one for later: before, the first was written, then the call failed.
        CapstanException e = assertThrows(CapstanException.class, () -> q.client.enqueueAll(List.of(
                JobRequest.of("x", Map.of()), JobRequest.of("x", Map.of()).runIn(Duration.ofHours(1)))));
        assertTrue(e.getMessage().contains("WRONGTYPE key " + scheduled), e.getMessage());
        assertTrue(e.getMessage().contains("nothing of them was stored"), e.getMessage());
        assertEquals(0, q.redis.llen(q.keys("default").pending()), "nothing was written");
    }

    @Test
    void aGuardedEnqueueLeavesNoDedupRecordWithoutItsJob(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        String pending = q.keys("default").pending();
        q.redis.set(pending, "oops");
        assertThrows(CapstanException.class,
                () -> q.client.enqueue(JobRequest.of("x", Map.of()).dedupKey("d1", Duration.ofMinutes(5))));
        assertEquals(null, q.redis.get(q.keys("default").dedup("d1")), "no dedup record for a job that was not written");
        q.redis.del(pending);
        assertTrue(q.client.enqueue(JobRequest.of("x", Map.of()).dedupKey("d1", Duration.ofMinutes(5))).accepted(),
                "the job can be enqueued once the key is repaired");
    }

    @Test
    void theReaperLeavesADeadWorkersJobsWhereTheyAreWhenPendingHasTheWrongType(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        FetchedJob job = fetchedJob(q);
        String pending = q.keys("default").pending();
        q.redis.set(pending, "oops");
        ProcessingListReaper reaper = new ProcessingListReaper(q.broker, q.codec, worker -> false);
        assertEquals(0, reaper.reapOnce(), "the reaper skips the broken queue");
        assertEquals(List.of(job.element()), q.broker.processing("default", "w1"), "the job stays until the key is fixed");
        q.redis.del(pending);
        assertEquals(1, reaper.reapOnce());
        Job back = q.codec.decode(q.redis.lindex(pending, 0));
        assertEquals(1, back.recoveries());
    }
}
