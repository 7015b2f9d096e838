package dev.capstan.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.StoreUnavailableException;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.testsupport.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** Redis goes away and comes back: producers get a clear error, fetchers resume on their own. */
class RedisOutageTest {

    @Test
    void fetcherKeepsWorkingAfterTheServerRestarts() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start();
             UnifiedJedis redis = RedisConnections.connect(server.url())) {
            QueueFixture q = new QueueFixture(redis, QueueSettings.defaults(new Namespace("outage")));
            ReliableFetcher fetcher = q.fetcher("default", "w1");
            ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread loop = Thread.ofPlatform().daemon().start(() -> {
                while (running.get()) {
                    List<FetchedJob> batch = fetcher.fetch(10, Duration.ofMillis(500));
                    batch.forEach(j -> seen.add(j.job().id()));
                    try {
                        q.settler.ack(batch);
                    } catch (RuntimeException ignored) {
                        // the server may vanish between fetch and ack; the job is then redelivered
                    }
                }
            });
            String before = q.client.enqueue("x", Map.of()).jobId();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(before));

            server.kill();
            server.restart();

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                String after = q.client.enqueue("x", Map.of()).jobId();
                return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(after), b -> b);
            });
            running.set(false);
            loop.join(5000);
            assertTrue(seen.size() >= 2);
        }
    }

    @Test
    void enqueueWithRedisDownFailsWithAClearMessage() {
        try (RedisServerProcess server = RedisServerProcess.start();
             UnifiedJedis redis = RedisConnections.connect(server.url())) {
            QueueFixture q = new QueueFixture(redis, QueueSettings.defaults(new Namespace("down")));
            q.client.enqueue("x", Map.of());
            server.stop();
            // The pooled connection died with the server: a command written to it and never answered has an
            // unknown outcome (as far as the client can tell). A new connection is refused: surely not stored.
            StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
                    () -> q.client.enqueue("x", Map.of()));
            if (e.outcomeUnknown()) {
                assertTrue(e.getMessage().contains("OUTCOME IS UNKNOWN"), e.getMessage());
                assertTrue(e.getMessage().contains("JobRequest.jobId"), e.getMessage());
                e = assertThrows(StoreUnavailableException.class, () -> q.client.enqueue("x", Map.of()));
            }
            assertEquals(StoreUnavailableException.Outcome.NOT_STORED, e.outcome(), e.getMessage());
            assertTrue(e.getMessage().contains("1 of 1 job(s)"), e.getMessage());
            assertTrue(e.getMessage().contains("NOT stored, so enqueue them again"), e.getMessage());
            assertEquals(1, e.jobIds().size());
            server.restart();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> q.client.enqueue("x", Map.of()).accepted());
            assertEquals(1, redis.llen(q.keys("default").pending()), "the same client works again once Redis is back");
        }
    }
}
