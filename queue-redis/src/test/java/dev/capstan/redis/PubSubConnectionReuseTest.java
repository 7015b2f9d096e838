package dev.capstan.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * A subscription borrows a pooled connection and gives it back when it ends; nothing may be left
 * to read on it. (Sending PINGs to keep quiet subscriptions alive broke exactly this: a PONG could
 * arrive after the unsubscribe and become the reply of the next command. So subscriptions are not
 * pinged: a quiet one times out after the blocking socket timeout and its owner subscribes again.)
 */
@ExtendWith(RedisExtension.class)
class PubSubConnectionReuseTest {

    @Test
    void aConnectionComesBackCleanAfterASubscriptionEnds(RedisTestContext ctx) {
        org.apache.commons.pool2.impl.GenericObjectPoolConfig<redis.clients.jedis.Connection> one =
                new org.apache.commons.pool2.impl.GenericObjectPoolConfig<>();
        one.setMaxTotal(1); // the subscription's connection is the next command's connection
        RedisClient redis = ctx.closeAfter(RedisClient.builder().hostAndPort(ctx.endpoint().host(), ctx.endpoint().port())
                .poolConfig(one).build());
        String channel = ctx.namespace() + ":churn";
        String key = ctx.namespace() + ":k";
        for (int i = 0; i < 40; i++) {
            JedisPubSub pubSub = new JedisPubSub() {};
            CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> redis.subscribe(pubSub, channel));
            await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(pubSub::isSubscribed);
            PubSubs.unsubscribeOnce(pubSub);
            PubSubs.unsubscribeOnce(pubSub); // a second UNSUBSCRIBE would leave its reply on the pooled connection
            await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(loop::isDone);
            redis.set(key, "v" + i);
            assertEquals("v" + i, redis.get(key), "round " + i + ": the reused connection answers its own commands");
        }
    }
}
