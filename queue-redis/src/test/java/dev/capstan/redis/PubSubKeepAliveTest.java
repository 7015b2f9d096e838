package dev.capstan.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

@ExtendWith(RedisExtension.class)
class PubSubKeepAliveTest {

    private static RedisClient clientWithBlockingTimeout(RedisTestContext ctx, int millis) {
        return ctx.closeAfter(RedisClient.builder().hostAndPort(ctx.endpoint().host(), ctx.endpoint().port())
                .clientConfig(DefaultJedisClientConfig.builder().blockingSocketTimeoutMillis(millis).build()).build());
    }

    @Test
    void aQuietSubscriptionTimesOutWithoutPingsAndStaysUpWithThem(RedisTestContext ctx) {
        String channel = ctx.namespace() + ":channel";
        RedisClient redis = clientWithBlockingTimeout(ctx, 1000);

        JedisPubSub unguarded = new JedisPubSub() {};
        CompletableFuture<Void> plain = CompletableFuture.runAsync(() -> redis.subscribe(unguarded, channel));
        await().atMost(Duration.ofSeconds(10)).until(plain::isDone);
        assertTrue(plain.isCompletedExceptionally(), "without pings the quiet subscription hits the socket timeout");

        List<String> received = new CopyOnWriteArrayList<>();
        JedisPubSub guarded = new JedisPubSub() {
            @Override
            public void onMessage(String ch, String message) {
                received.add(message);
            }
        };
        CompletableFuture<Void> kept = CompletableFuture.runAsync(() -> {
            try (PubSubKeepAlive.Handle h = PubSubKeepAlive.start(guarded, Duration.ofMillis(300))) {
                redis.subscribe(guarded, channel);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(guarded::isSubscribed);
        await().pollDelay(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(5)).until(() -> true); // 3.5 quiet timeouts
        assertTrue(!kept.isDone(), "still subscribed after three times the socket timeout");
        redis.publish(channel, "hello");
        await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("hello"));
        guarded.unsubscribe();
        await().atMost(Duration.ofSeconds(5)).until(kept::isDone);
        assertEquals(List.of("hello"), received);
    }
}
