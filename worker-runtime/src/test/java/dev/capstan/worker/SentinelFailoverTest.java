package dev.capstan.worker;

import static dev.capstan.worker.TestHandlers.handler;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.gates.JobGates;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisServerProcess;
import dev.capstan.worker.TestHandlers.Args;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * Redis Sentinel: the primary is killed, Sentinel promotes the replica, and the same worker goes on
 * (BullMQ users report workers that stop after a failover). Jobs replicated before the failover
 * survive it; the test makes sure they were replicated (WAIT), because replication is asynchronous
 * and a failover can lose writes the old primary had acknowledged but not yet sent.
 */
class SentinelFailoverTest {
    private static final String PRIMARY = "capstan-primary";

    @Test
    void theWorkerFollowsAFailoverAndReplicatedJobsSurviveIt() {
        try (RedisServerProcess primary = RedisServerProcess.start();
             RedisServerProcess replica = RedisServerProcess.start("--replicaof", "127.0.0.1", Integer.toString(primary.port()));
             RedisServerProcess sentinel = RedisServerProcess.startSentinel(PRIMARY, primary.port())) {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                try (Jedis s = new Jedis(sentinel.host(), sentinel.port())) {
                    return !s.sentinelReplicas(PRIMARY).isEmpty();
                }
            });
            UnifiedJedis redis = RedisConnections.connectSentinel(PRIMARY, Set.of(new HostAndPort(sentinel.host(), sentinel.port())));
            CapstanRedis capstan = new CapstanRedis(redis, QueueSettings.defaults(new Namespace("failover")), new JacksonJobCodec());
            Set<Integer> done = ConcurrentHashMap.newKeySet();
            Worker worker = Worker.builder(capstan).concurrency(4).heartbeat(Duration.ofMillis(250), Duration.ofSeconds(2))
                    .leaderLease(Duration.ofSeconds(2)).shutdownTimeout(Duration.ofSeconds(2))
                    .handler(handler("work", (a, c) -> done.add(a.n()))).build().start();
            try {
                for (int i = 0; i < 50; i++) {
                    capstan.client().enqueue("work", new Args(i));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 50);

                JobGates gates = worker.gates();
                gates.pauseQueue("default"); // hold the next jobs in the queue across the failover
                await().atMost(Duration.ofSeconds(2)).until(() -> gates.isPaused("default"));
                for (int i = 50; i < 100; i++) {
                    capstan.client().enqueue("work", new Args(i));
                }
                try (Jedis p = new Jedis(primary.host(), primary.port(), 10_000)) {
                    assertEquals(1, p.waitReplicas(1, 5000), "the waiting jobs reached the replica");
                }
                primary.kill();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    try (Jedis s = new Jedis(sentinel.host(), sentinel.port())) {
                        return s.sentinelGetMasterAddrByName(PRIMARY).get(1).equals(Integer.toString(replica.port()));
                    }
                });
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> capstan.admin().queue("default").size() == 50);
                assertEquals(50, done.size(), "paused: nothing ran during the failover");

                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                    gates.resumeQueue("default"); // through the new primary
                    return !gates.isPaused("default");
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> done.size() == 100);
                capstan.client().enqueue("work", new Args(100));
                await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 101);
                assertTrue(worker.isRunning(), "the same worker carried on after the failover");
            } finally {
                worker.close();
                redis.close();
            }
        }
    }
}
