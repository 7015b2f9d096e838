package dev.capstan.redis.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class PresenceTest {

    @Test
    void membersAreOnlineUntilTheirHeartbeatExpiresAndNotBefore(RedisTestContext ctx) {
        Presence presence = new Presence(ctx.newClient(), new Namespace(ctx.namespace()), "workers");
        long start = System.currentTimeMillis();
        presence.heartbeat("a", Duration.ofMillis(1500), Map.of("host", "h1", "pid", "42"));
        presence.heartbeat("b", Duration.ofSeconds(30));
        assertEquals(List.of("a", "b"), presence.online().stream().sorted().toList());
        assertEquals(2, presence.count());
        assertEquals(Map.of("host", "h1", "pid", "42"), presence.info("a"));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> !presence.isOnline("a"));
        assertTrue(System.currentTimeMillis() - start >= 1400, "not gone before its ttl");
        assertEquals(List.of("b"), presence.online());
        assertEquals(List.of("a"), presence.silent(Duration.ofMinutes(1)), "a went silent");
        assertTrue(presence.info("a").isEmpty(), "its info expired with it");
    }

    @Test
    void heartbeatsKeepAMemberAliveAndLeaveRemovesItAtOnce(RedisTestContext ctx) {
        Presence presence = new Presence(ctx.newClient(), new Namespace(ctx.namespace()), "g");
        presence.heartbeat("m", Duration.ofMillis(600), Map.of("v", "1"));
        long until = System.currentTimeMillis() + 1500;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(150)).until(() -> {
            presence.heartbeat("m", Duration.ofMillis(600));
            assertTrue(presence.isOnline("m"), "refreshed member stays online");
            return System.currentTimeMillis() > until;
        });
        assertEquals(Map.of("v", "1"), presence.info("m"), "a beat without info keeps the last info");
        presence.leave("m");
        assertFalse(presence.isOnline("m"));
        assertTrue(presence.silent(Duration.ofMinutes(1)).isEmpty(), "a member that left is not silent");
    }

    @Test
    void aBeatSaysWhetherTheMemberHadLapsed(RedisTestContext ctx) {
        Presence presence = new Presence(ctx.newClient(), new Namespace(ctx.namespace()), "workers");
        Presence.Beat first = presence.beat("w", Duration.ofMillis(300), Map.of());
        assertTrue(first.wasAbsent(), "the first beat finds no earlier one");
        Presence.Beat inTime = presence.beat("w", Duration.ofMillis(300), Map.of());
        assertFalse(inTime.wasAbsent() || inTime.lapsedSince(), "a beat within the ttl is no lapse");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> !presence.isOnline("w")); // frozen past its ttl: others take it for dead
        assertTrue(presence.beat("w", Duration.ofMillis(300), Map.of()).lapsedSince(), "the beat after reports the lapse");
        presence.leave("w");
        assertTrue(presence.beat("w", Duration.ofMillis(300), Map.of()).wasAbsent(), "removed meanwhile");
    }
}
