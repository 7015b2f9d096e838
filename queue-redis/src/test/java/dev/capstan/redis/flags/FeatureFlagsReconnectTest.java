package dev.capstan.redis.flags;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisServerProcess;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Missed invalidations: the subscriber's connection drops, changes happen, it comes back. */
class FeatureFlagsReconnectTest {

    @Test
    void aResubscribedInstanceDropsItsCacheAndHearsChangesAgain() {
        Namespace ns = new Namespace("reconnect");
        try (RedisServerProcess server = RedisServerProcess.start();
                RedisClient readerClient = client(server);
                FeatureFlags reader = new FeatureFlags(readerClient, ns, Duration.ZERO)) {
            Queue<String> heard = new ConcurrentLinkedQueue<>();
            reader.addListener(heard::add);
            try (RedisClient writerClient = client(server);
                    FeatureFlags writer = new FeatureFlags(writerClient, ns, Duration.ZERO)) {
                writer.enable("maintenance");
                await().atMost(Duration.ofSeconds(1)).until(() -> reader.isEnabled("maintenance"));
                await().atMost(Duration.ofSeconds(1)).until(() -> heard.contains("maintenance"));
            }
            heard.clear();

            // The server dies and comes back empty: the flag is gone, and no invalidation was ever sent.
            server.kill();
            server.restart();

            // Only the resubscription can tell the reader: its listener hears the flag it had cached...
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains("maintenance"));
            // ...and the stale cached "enabled" is gone.
            await().atMost(Duration.ofSeconds(1)).ignoreExceptions().until(() -> !reader.isEnabled("maintenance"));

            // Invalidations flow again after the reconnect.
            try (RedisClient writerClient = client(server);
                    FeatureFlags writer = new FeatureFlags(writerClient, ns, Duration.ZERO)) {
                assertFalse(reader.isEnabled("pause"));
                writer.enable("pause");
                await().atMost(Duration.ofSeconds(1)).until(() -> reader.isEnabled("pause"));
            }
        }
    }

    private static RedisClient client(RedisServerProcess server) {
        return RedisClient.builder().hostAndPort(server.host(), server.port()).build();
    }
}
