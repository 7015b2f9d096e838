package dev.capstan.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JobView;
import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class ProcessingListReaperTest {

    @Test
    void jobsOfADeadWorkerGoBackToTheFrontOfTheQueueCountedAsRecoveries(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        for (int i = 0; i < 5; i++) {
            q.client.enqueue("work", Map.of("i", i));
        }
        List<FetchedJob> held = q.fetcher("default", "dead-worker").fetch(3, Duration.ZERO);
        assertEquals(3, held.size());
        ProcessingListReaper reaper = new ProcessingListReaper(q.broker, q.codec, worker -> false);

        assertEquals(3, reaper.reapOnce());
        assertEquals(0, q.redis.llen(q.keys("default").processing("dead-worker")));
        assertEquals(Set.of(), q.broker.workersOf("default"), "an emptied dead worker is forgotten");
        List<FetchedJob> again = q.fetcher("default", "w2").fetch(3, Duration.ZERO);
        assertEquals(held.stream().map(j -> j.job().id()).toList(), again.stream().map(j -> j.job().id()).toList(),
                "recovered jobs run next, in their original order");
        again.forEach(j -> assertEquals(1, j.job().recoveries()));
    }

    @Test
    void liveWorkersAreLeftAlone(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        q.client.enqueue("work", Map.of());
        q.workers.heartbeat("alive", Duration.ofSeconds(30));
        q.fetcher("default", "alive").fetch(1, Duration.ZERO);
        ProcessingListReaper reaper = new ProcessingListReaper(q.broker, q.codec, q.workers::isOnline);
        assertEquals(0, reaper.reapOnce());
        assertEquals(1, q.redis.llen(q.keys("default").processing("alive")));
    }

    @Test
    void workerIsReapedOnceItsHeartbeatExpires(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        q.client.enqueue("work", Map.of());
        q.workers.heartbeat("short-lived", Duration.ofMillis(300));
        q.fetcher("default", "short-lived").fetch(1, Duration.ZERO);
        ProcessingListReaper reaper = new ProcessingListReaper(q.broker, q.codec, q.workers::isOnline);
        assertEquals(0, reaper.reapOnce(), "still alive right after its heartbeat");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> reaper.reapOnce() == 1);
        assertEquals(1, q.redis.llen(q.keys("default").pending()));
    }

    @Test
    void poisonPillGoesToTheDeadSetAfterTheRecoveryLimit(RedisTestContext ctx) {
        QueueSettings settings = QueueSettings.defaults(new Namespace(ctx.namespace())).withMaxRecoveries(2);
        QueueFixture q = new QueueFixture(ctx, settings);
        String id = q.client.enqueue("kills-its-worker", Map.of()).jobId();
        ProcessingListReaper reaper = new ProcessingListReaper(q.broker, q.codec, worker -> false);
        for (int crash = 1; crash <= 3; crash++) {
            List<FetchedJob> got = q.fetcher("default", "victim-" + crash).fetch(1, Duration.ZERO);
            assertEquals(1, got.size(), "crash " + crash + ": the job is back in the queue");
            assertEquals(crash - 1, got.get(0).job().recoveries());
            assertEquals(1, reaper.reapOnce());
        }
        assertEquals(0, q.redis.llen(q.keys("default").pending()));
        JobView dead = q.admin.dead("default", 0, 10).items().get(0);
        assertEquals(id, dead.job().id());
        assertEquals("PoisonPill", dead.job().lastError().className());
        assertTrue(dead.job().lastError().message().contains("recovered from dead workers 3 times"));
    }

    @Test
    void onlyOneReaperWorksOnAWorkerAtATime(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        q.client.enqueue("work", Map.of());
        q.fetcher("default", "dead-worker").fetch(1, Duration.ZERO);
        assertTrue(q.broker.tryLockReaping("default", "dead-worker", "other-reaper", Duration.ofSeconds(30)));
        ProcessingListReaper reaper = new ProcessingListReaper(q.broker, q.codec, worker -> false);
        assertEquals(0, reaper.reapOnce(), "another reaper holds this worker");
        q.broker.unlockReaping("default", "dead-worker");
        assertEquals(1, reaper.reapOnce());
    }

    @Test
    void aNewReaperWaitsOutItsQuietPeriodBeforeItTrustsLiveness(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        q.client.enqueue("work", Map.of());
        q.fetcher("default", "silent-worker").fetch(1, Duration.ZERO);
        long start = System.nanoTime();
        ProcessingListReaper reaper = new ProcessingListReaper(q.broker, q.codec, worker -> false, Duration.ofMillis(800));
        assertEquals(0, reaper.reapOnce(), "right after start, a silent worker may only be cut off by the same outage");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> reaper.reapOnce() == 1);
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(800).toNanos(), "not before the quiet period");
    }
}
