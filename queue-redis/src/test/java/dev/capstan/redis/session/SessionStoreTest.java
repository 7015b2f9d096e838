package dev.capstan.redis.session;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class SessionStoreTest {
    /** Redis expires keys with ms precision on its own clock; allow for clock reads on both sides. */
    private static final long CLOCK_SLACK_MS = 50;

    @Test
    void createdSessionsReadBackAndUnknownIdsAreEmpty(RedisTestContext ctx) {
        SessionStore store = new SessionStore(ctx.newClient(), new Namespace(ctx.namespace()));
        Session created = store.create(Map.of("user", "alice", "role", "admin"), Duration.ofMinutes(5));

        assertTrue(created.id().matches("[A-Za-z0-9_-]{43}"), created.id());
        Session read = store.get(created.id()).orElseThrow();
        assertEquals(Map.of("user", "alice", "role", "admin"), read.attributes());
        assertEquals(Duration.ofMinutes(5), read.idleTimeout());
        assertEquals(created.createdAt(), read.createdAt());
        assertEquals(Optional.empty(), read.deadline());
        assertNotEquals(created.id(), store.create(Map.of(), Duration.ofMinutes(5)).id());

        assertEquals(Optional.empty(), store.get(SessionId.generate()));
        assertEquals(Optional.empty(), store.get("not-a-session-id"));
        assertEquals(Optional.empty(), store.get(null));
        assertFalse(store.touch(SessionId.generate()));
    }

    @Test
    void expiresAfterTheIdleTimeoutAndNotBefore(RedisTestContext ctx) {
        SessionStore store = new SessionStore(ctx.newClient(), new Namespace(ctx.namespace()));
        long idleMs = 1_500;
        long start = System.currentTimeMillis();
        String id = store.create(Map.of("k", "v"), Duration.ofMillis(idleMs)).id();

        await().during(Duration.ofMillis(1_000)).atMost(Duration.ofMillis(1_400))
                .until(() -> store.get(id).isPresent());
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20)).until(() -> store.get(id).isEmpty());
        long lived = System.currentTimeMillis() - start;
        assertTrue(lived >= idleMs - CLOCK_SLACK_MS, "expired after " + lived + " ms, idle timeout " + idleMs);
        assertEquals(Set.of(), ctx.keys());
    }

    @Test
    void touchedSessionsOutliveTheirOriginalTimeout(RedisTestContext ctx) {
        SessionStore store = new SessionStore(ctx.newClient(), new Namespace(ctx.namespace()));
        Duration idle = Duration.ofMillis(1_500);
        String touched = store.create(Map.of(), idle).id();
        String untouched = store.create(Map.of(), idle).id();

        // Touch every 250 ms for 3 s: twice the idle timeout.
        await().pollInterval(Duration.ofMillis(250)).during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                .until(() -> store.touch(touched));
        assertTrue(store.get(touched).isPresent());
        assertTrue(store.get(untouched).isEmpty(), "the untouched session expired on time");

        Session last = store.getAndTouch(touched).orElseThrow();
        assertTrue(last.lastAccessedAt().isAfter(last.createdAt().plusMillis(2_500)), last.toString());
        await().atMost(Duration.ofSeconds(3)).until(() -> store.get(touched).isEmpty());
    }

    @Test
    void theMaximumLifetimeEndsASessionHoweverOftenItIsTouched(RedisTestContext ctx) {
        SessionStore store = new SessionStore(ctx.newClient(), new Namespace(ctx.namespace()));
        long start = System.currentTimeMillis();
        Session session = store.create(Map.of(), Duration.ofSeconds(10), Duration.ofMillis(1_500));
        assertEquals(Optional.of(session.createdAt().plusMillis(1_500)), session.deadline());

        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100)).until(() -> !store.touch(session.id()));
        long lived = System.currentTimeMillis() - start;
        assertTrue(lived >= 1_500 - CLOCK_SLACK_MS, "ended after " + lived + " ms");
        assertEquals(Set.of(), ctx.keys());
    }

    @Test
    void rotateKeepsTheDataAndTheOldIdStopsWorking(RedisTestContext ctx) {
        Namespace ns = new Namespace(ctx.namespace());
        SessionStore store = new SessionStore(ctx.newClient(), ns);
        Session original = store.create(Map.of("user", "alice"), Duration.ofMinutes(5));
        assertTrue(store.setAttribute(original.id(), "cart", "3 items"));

        Session rotated = store.rotate(original.id()).orElseThrow();

        assertNotEquals(original.id(), rotated.id());
        assertTrue(rotated.id().matches("[A-Za-z0-9_-]{43}"), rotated.id());
        assertEquals(Map.of("user", "alice", "cart", "3 items"), rotated.attributes());
        assertEquals(original.createdAt(), rotated.createdAt());
        assertEquals(rotated, store.get(rotated.id()).orElseThrow());
        assertEquals(Optional.empty(), store.get(original.id()));
        assertFalse(store.touch(original.id()));
        assertFalse(store.setAttribute(original.id(), "x", "y"), "the old id must not come back to life");
        assertEquals(Optional.empty(), store.rotate(original.id()));

        String newKey = ns.tagged("session:" + rotated.id().substring(0, 4), rotated.id());
        assertEquals(Set.of(newKey), ctx.keys(), "exactly one session key remains");
        long ttl = ctx.newClient().pttl(newKey);
        assertTrue(ttl > 0 && ttl <= Duration.ofMinutes(5).toMillis(), "the rotated session keeps an expiry: " + ttl);
    }

    @Test
    void attributesChangeAndDestroyRemovesTheSession(RedisTestContext ctx) {
        SessionStore store = new SessionStore(ctx.newClient(), new Namespace(ctx.namespace()));
        String id = store.create(Map.of("a", "1", "b", "2"), Duration.ofMinutes(5)).id();

        assertTrue(store.setAttributes(id, Map.of("b", "20", "c", "30")));
        assertTrue(store.removeAttribute(id, "a"));
        assertFalse(store.removeAttribute(id, "a"));
        assertEquals(Map.of("b", "20", "c", "30"), store.get(id).orElseThrow().attributes());

        assertTrue(store.destroy(id));
        assertEquals(Optional.empty(), store.get(id));
        assertFalse(store.destroy(id));
        assertFalse(store.setAttribute(id, "a", "1"));
        assertEquals(Set.of(), ctx.keys(), "writing to a destroyed session must not recreate it");
    }
}
