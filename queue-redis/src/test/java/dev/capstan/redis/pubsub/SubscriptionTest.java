package dev.capstan.redis.pubsub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.capstan.redis.RedisConnections;
import dev.capstan.testsupport.LogCapture;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisServerProcess;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

@ExtendWith(RedisExtension.class)
class SubscriptionTest {

    /**
     * A subscription never takes a connection from the client's pool, so nothing it leaves unread (a
     * late PONG, an UNSUBSCRIBE reply) can become another command's reply: with a pool of ONE
     * connection, commands run beside three live subscriptions, and through forty that come and go.
     */
    @Test
    void subscriptionsNeverBorrowFromThePoolSoCommandsAlwaysReadTheirOwnReplies(RedisTestContext ctx) {
        GenericObjectPoolConfig<Connection> one = new GenericObjectPoolConfig<>();
        one.setMaxTotal(1);
        one.setMaxWait(Duration.ofSeconds(2));
        RedisClient redis = ctx.closeAfter(RedisClient.builder().hostAndPort(ctx.endpoint().host(), ctx.endpoint().port())
                .poolConfig(one).build());
        String key = ctx.namespace() + ":k";
        List<Subscription> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(ctx.closeAfter(Subscription.start(redis, "test-sub-" + i, (c, m) -> { }, ctx.namespace() + ":ch" + i)));
        }
        held.forEach(s -> assertTrue(s.awaitSubscribed(Duration.ofSeconds(5))));
        for (int i = 0; i < 40; i++) {
            Subscription churn = Subscription.start(redis, "test-churn", (c, m) -> { }, ctx.namespace() + ":churn");
            assertTrue(churn.awaitSubscribed(Duration.ofSeconds(5)));
            held.get(i % 3).checkHealthNow(); // a PING in flight as well
            churn.close();
            redis.set(key, "v" + i);
            assertEquals("v" + i, redis.get(key), "round " + i + ": the command read its own reply");
        }
        assertEquals(1, redis.getPool().getCreatedCount(), "only the commands' one pooled connection was ever made");
    }

    /**
     * The server dies and comes back: the subscription notices, reconnects with backoff, tells its
     * owner once of the loss and once of the resubscription, and logs one WARN and one INFO (with the
     * outage's length), however many attempts it took.
     */
    @Test
    void aServerRestartIsDetectedAndRecoveredWithOneWarnAndOneInfoLine(RedisTestContext ctx) {
        RedisServerProcess server = ctx.closeAfter(RedisServerProcess.start());
        UnifiedJedis redis = ctx.closeAfter(RedisConnections.connect(server.url()));
        Queue<String> events = new ConcurrentLinkedQueue<>();
        AtomicInteger messages = new AtomicInteger();
        try (LogCapture logs = LogCapture.start()) {
            Subscription sub = ctx.closeAfter(Subscription.start(redis, "test-restart", new Subscription.Listener() {
                @Override
                public void subscribed(boolean resubscribed) {
                    events.add(resubscribed ? "resubscribed" : "subscribed");
                }

                @Override
                public void message(String channel, String message) {
                    messages.incrementAndGet();
                }

                @Override
                public void lost() {
                    events.add("lost");
                }
            }, "restart-channel"));
            assertTrue(sub.awaitSubscribed(Duration.ofSeconds(5)));

            server.kill();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("lost"));
            // down for a while: several reconnection attempts fail in the meantime
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
            server.restart();
            await().atMost(Duration.ofSeconds(15)).until(() -> sub.resubscriptions() == 1);

            // (the pooled connections broken by the restart fail once each before a fresh one publishes)
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> redis.publish("restart-channel", "hello") == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> messages.get() == 1);
            assertEquals(List.of("subscribed", "lost", "resubscribed"), List.copyOf(events));
            assertEquals(1, sub.losses());
            List<String> mine = logs.lines(e -> e.getLoggerName().equals(Subscription.class.getName())
                    && e.getLevel().isGreaterOrEqual(Level.INFO));
            assertEquals(2, mine.size(), "one WARN when lost, one INFO when back: " + mine);
            assertTrue(mine.get(0).startsWith("WARN") && mine.get(0).contains("lost"), mine.get(0));
            assertTrue(mine.get(1).startsWith("INFO") && mine.get(1).matches(".*restored after \\d+ ms.*"), mine.get(1));
        }
    }

    /**
     * Keep-alives never end a subscription. (Jedis's PING registers the handler of its reply only
     * after sending, so under load a quick PONG arrived first and ended subscriptions with
     * "Unexpected message: PONG"; the quiet steady-state test saw it eight times in a minute.)
     */
    @Test
    void aThousandKeepAlivesInARowNeverEndTheSubscription(RedisTestContext ctx) {
        Subscription sub = ctx.closeAfter(Subscription.start(ctx.newClient(), "test-keepalive", (c, m) -> { },
                ctx.namespace() + ":keepalive"));
        assertTrue(sub.awaitSubscribed(Duration.ofSeconds(5)));
        for (int i = 0; i < 1000; i++) {
            sub.checkHealthNow();
        }
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(sub::isSubscribed);
        assertEquals(0, sub.losses());
    }

    @Test
    void backoffGrowsWithJitterUpToTheCap() {
        for (int attempt = 1; attempt <= 30; attempt++) {
            long ceiling = Math.min(Subscription.MAX_BACKOFF.toMillis(), Subscription.MIN_BACKOFF.toMillis() << (attempt - 1));
            long delay = Subscription.backoff(attempt);
            assertTrue(delay >= ceiling / 2 && delay <= ceiling, "attempt " + attempt + ": " + delay + " ms");
        }
    }
}
