package dev.capstan.redis.livestatus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

@ExtendWith(RedisExtension.class)
class LiveStatusTest {

    @Test
    void statusExpiresWhenItsTtlPassesAndNotBefore(RedisTestContext ctx) {
        RedisClient redis = ctx.newClient();
        LiveStatus live = new LiveStatus(redis, new Namespace(ctx.namespace()));
        long started = System.nanoTime();
        live.announce("jobs", "job-42", "40% resizing", Duration.ofMillis(3_000));
        assertEquals(Optional.of("40% resizing"), live.get("jobs", "job-42"));

        // present during the first half of its ttl (1.5 s of margin for a slow machine)...
        await().pollInterval(Duration.ofMillis(50)).during(Duration.ofMillis(1_500)).atMost(Duration.ofMillis(2_800))
                .until(() -> live.get("jobs", "job-42").isPresent()
                        && live.current("jobs").equals(Map.of("job-42", "40% resizing")));
        // ...and gone, without any clear, soon after it
        await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(6))
                .until(() -> live.get("jobs", "job-42").isEmpty());
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMillis >= 2_900, "expired after only " + elapsedMillis + " ms of a 3000 ms ttl");
        assertEquals(Map.of(), live.current("jobs"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ctx.keys().isEmpty());
    }

    @Test
    void currentOmitsExpiredActorsAndPrunesThem(RedisTestContext ctx) {
        RedisClient redis = ctx.newClient();
        LiveStatus live = new LiveStatus(redis, new Namespace(ctx.namespace()));
        live.announce("jobs", "job-1", "starting", Duration.ofMillis(1_000));
        Instant longExpiry = live.announce("jobs", "job-2", "10%", Duration.ofSeconds(30));
        assertEquals(Map.of("job-1", "starting", "job-2", "10%"), live.current("jobs"));

        await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(6))
                .until(() -> live.current("jobs").equals(Map.of("job-2", "10%")));
        // the read removed job-1 from both structures, not only from its answer
        List<String> keys = live.keys("jobs");
        assertNull(redis.hget(keys.get(0), "job-1"));
        assertNull(redis.zscore(keys.get(1), "job-1"));
        assertEquals(Map.of("job-2", new LiveStatus.Entry("10%", longExpiry)), live.entries("jobs"));
        assertEquals(Optional.empty(), live.get("jobs", "job-1"));
        assertEquals(Map.of(), live.current("other-topic"));
    }

    @Test
    void reannouncingRefreshesAndTheTopicLivesAsLongAsItsLongestStatus(RedisTestContext ctx) {
        RedisClient redis = ctx.newClient();
        LiveStatus live = new LiveStatus(redis, new Namespace(ctx.namespace()));
        Instant first = live.announce("uploads", "u1", "1%", Duration.ofSeconds(1));
        Instant refreshed = live.announce("uploads", "u1", "50%", Duration.ofSeconds(60));
        assertTrue(refreshed.isAfter(first.plusSeconds(50)), first + " then " + refreshed);
        live.announce("uploads", "u2", "3%", Duration.ofSeconds(1));
        for (String key : live.keys("uploads")) {
            long pttl = redis.pttl(key);
            assertTrue(pttl > 50_000 && pttl <= 60_000, key + " pttl " + pttl);
        }
        assertEquals(Optional.of("50%"), live.get("uploads", "u1"));

        assertTrue(live.clear("uploads", "u1"));
        assertFalse(live.clear("uploads", "u1"));
        assertEquals(Optional.empty(), live.get("uploads", "u1"));
        assertEquals(Map.of("u2", "3%"), live.current("uploads"));
        assertThrows(IllegalArgumentException.class, () -> live.announce("uploads", "u3", "x", Duration.ZERO));
    }

    @Test
    void subscriberReceivesAnnounceAndClearEvents(RedisTestContext ctx) {
        RedisClient redis = ctx.newClient();
        LiveStatus live = new LiveStatus(redis, new Namespace(ctx.namespace()));
        BlockingQueue<LiveStatusEvent> events = new LinkedBlockingQueue<>();
        LiveStatusSubscription subscription = ctx.closeAfter(live.subscribe("jobs", events::add));
        assertTrue(subscription.isRunning());

        live.announce("jobs", "job|42", "40% | resizing ü", Duration.ofSeconds(10));
        live.announce("other", "job-7", "not for this topic", Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
        assertEquals(new LiveStatusEvent("jobs", "job|42", LiveStatusEvent.Kind.ANNOUNCED, "40% | resizing ü",
                Duration.ofSeconds(10)), events.poll());

        assertTrue(live.clear("jobs", "job|42"));
        assertFalse(live.clear("jobs", "job|42")); // nothing live any more: publishes nothing
        live.announce("jobs", "sentinel", "s", Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 2);
        assertEquals(new LiveStatusEvent("jobs", "job|42", LiveStatusEvent.Kind.CLEARED, null, Duration.ZERO),
                events.poll());
        assertEquals("sentinel", events.poll().actor(), "no event for the second clear nor for another topic");

        subscription.close();
        assertFalse(subscription.isRunning());
        assertEquals(0, subscribers(redis, live.channel("jobs")));
    }

    @Test
    void aFailingListenerKeepsItsSubscription(RedisTestContext ctx) {
        LiveStatus live = new LiveStatus(ctx.newClient(), new Namespace(ctx.namespace()));
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        ctx.closeAfter(live.subscribe("t", event -> {
            seen.add(event.actor());
            throw new IllegalStateException("listener bug");
        }));
        live.announce("t", "a", "1", Duration.ofSeconds(5));
        live.announce("t", "b", "2", Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
    }

    @Test
    void eventsSurviveTheWireFormat() {
        String message = LiveStatusEvent.announced("a|3|b", "|x|", Duration.ofMillis(1234));
        assertEquals(new LiveStatusEvent("t", "a|3|b", LiveStatusEvent.Kind.ANNOUNCED, "|x|", Duration.ofMillis(1234)),
                LiveStatusEvent.decode("t", message));
        assertEquals(new LiveStatusEvent("t", "", LiveStatusEvent.Kind.CLEARED, null, Duration.ZERO),
                LiveStatusEvent.decode("t", LiveStatusEvent.cleared("")));
        assertThrows(IllegalArgumentException.class, () -> LiveStatusEvent.decode("t", "garbage"));
    }

    private static long subscribers(RedisClient redis, String channel) {
        List<?> reply = (List<?>) redis.sendCommand(Protocol.Command.PUBSUB, "NUMSUB", channel);
        Object count = reply.get(1);
        return count instanceof Long l ? l : Long.parseLong(new String((byte[]) count, StandardCharsets.UTF_8));
    }
}
