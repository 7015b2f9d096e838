package dev.capstan.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.api.JobRequest;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.testsupport.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * What survives a crash of the Redis process (SIGKILL) under each persistence setting: the
 * evidence behind the guarantees table in the README. A machine crash (power loss) is not
 * something a test here can cause; its extra window with appendfsync everysec (about one second of
 * writes) is documented, not tested.
 */
class DurabilityTest {
    private static final int JOBS = 500;

    private static long enqueueThenCrash(RedisServerProcess server) {
        try (UnifiedJedis redis = RedisConnections.connect(server.url())) {
            QueueFixture q = new QueueFixture(redis, QueueSettings.defaults(new Namespace("durable")));
            for (int i = 0; i < JOBS; i++) {
                q.client.enqueue(JobRequest.of("t", Map.of("i", i))); // each call returned: acknowledged by Redis
            }
            List<FetchedJob> inFlight = new ArrayList<>(q.fetcher("default", "w1").fetch(10, Duration.ZERO));
            assertEquals(10, inFlight.size());
        }
        server.kill(); // SIGKILL right after the last acknowledged write
        server.restart();
        try (UnifiedJedis redis = RedisConnections.connect(server.url())) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> redis.ping().equals("PONG"));
            QueueKeys k = new QueueKeys(new Namespace("durable"), "default");
            return redis.llen(k.pending()) + redis.llen(k.processing("w1"));
        }
    }

    @Test
    void withoutPersistenceARedisCrashLosesEveryJob() {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            assertEquals(0, enqueueThenCrash(server));
        }
    }

    @Test
    void withAppendfsyncAlwaysNoAcknowledgedJobIsLost() {
        try (RedisServerProcess server = RedisServerProcess.start("--appendonly", "yes", "--appendfsync", "always")) {
            assertEquals(JOBS, enqueueThenCrash(server), "waiting and in-flight jobs all come back");
        }
    }

    @Test
    void withAppendfsyncEverysecAProcessCrashLosesNothing() {
        // The AOF is written to the operating system before Redis replies; only its fsync is deferred.
        // So a crash of the Redis process loses nothing; a crash of the machine may lose ~1 s of writes.
        try (RedisServerProcess server = RedisServerProcess.start("--appendonly", "yes", "--appendfsync", "everysec")) {
            assertEquals(JOBS, enqueueThenCrash(server));
        }
    }
}
