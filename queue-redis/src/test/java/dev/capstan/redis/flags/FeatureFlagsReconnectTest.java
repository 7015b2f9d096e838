package dev.capstan.redis.flags;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisServerProcess;
import java.time.Duration;
import java.util.List;
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
            assertFalse(reader.isEnabled("ghost")); // cached as "no such flag"
            heard.clear();

            // The server dies and comes back empty: the flag is gone, and no invalidation was ever sent.
            server.kill();
            server.restart();

            // Only the resubscription can tell the reader: its listener hears the flag that changed,
            // once, and not the one that was absent before and after.
            await().atMost(Duration.ofSeconds(15)).until(() -> heard.contains("maintenance"));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                    .until(() -> List.copyOf(heard).equals(List.of("maintenance")));
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
