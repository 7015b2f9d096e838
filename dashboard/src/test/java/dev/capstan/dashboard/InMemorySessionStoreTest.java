package dev.capstan.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemorySessionStoreTest {
    final AtomicLong nanos = new AtomicLong(1_000);
    final InMemorySessionStore store = new InMemorySessionStore(nanos::get);

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void aSessionHoldsItsAttributesUntilItIdlesOut() {
        String id = store.create(Map.of("user", "ops"), Duration.ofMinutes(30));
        assertEquals(Map.of("user", "ops"), store.get(id).orElseThrow());
        advance(Duration.ofMinutes(29));
        assertTrue(store.get(id).isPresent());
        advance(Duration.ofMinutes(1));
        assertTrue(store.get(id).isEmpty(), "30 idle minutes end it");
    }

    @Test
    void touchRestartsTheIdleTimeoutAndDestroyEndsAtOnce() {
        String id = store.create(Map.of("user", "ops"), Duration.ofMinutes(30));
        advance(Duration.ofMinutes(20));
        store.touch(id);
        advance(Duration.ofMinutes(20));
        assertTrue(store.get(id).isPresent(), "40 minutes after login but only 20 after the last touch");
        store.destroy(id);
        assertTrue(store.get(id).isEmpty());
        store.touch(id);
        assertTrue(store.get(id).isEmpty(), "touch does not bring a destroyed session back");
    }

    @Test
    void idsAreLongRandomAndUnknownIdsAreEmpty() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(store.create(Map.of(), Duration.ofMinutes(1)));
        }
        assertEquals(1000, ids.size());
        String one = ids.iterator().next();
        assertEquals(43, one.length(), "256 bits, base64url");
        assertTrue(store.get("nope").isEmpty());
        assertTrue(store.get(null).isEmpty());
        assertNotEquals(one, store.create(Map.of(), Duration.ofMinutes(1)));
    }

    @Test
    void expiredSessionsAreSweptSoAbandonedLoginsDoNotAccumulate() {
        for (int i = 0; i < 100; i++) {
            store.create(Map.of(), Duration.ofSeconds(1));
        }
        advance(Duration.ofSeconds(2));
        String live = store.create(Map.of(), Duration.ofMinutes(1));
        assertEquals(1, store.size());
        assertFalse(store.get(live).isEmpty());
    }

    @Test
    void aSessionEndsAtItsMaximumLifetimeHoweverOftenItIsTouched() {
        String id = store.create(Map.of("user", "ops"), Duration.ofMinutes(10), Duration.ofMinutes(25));
        for (int i = 0; i < 4; i++) {
            advance(Duration.ofMinutes(6));
            store.touch(id);
            assertTrue(store.get(id).isPresent(), "alive after " + (i + 1) * 6 + " minutes");
        }
        advance(Duration.ofMinutes(2)); // 26 minutes: past the lifetime, though touched 2 minutes ago
        assertTrue(store.get(id).isEmpty());
    }

    @Test
    void credentialsMatchOnlyTheExactPair() {
        Credentials c = new Credentials("ops", "s3cret-passphrase", Role.ADMIN);
        assertTrue(c.matches("ops", "s3cret-passphrase"));
        assertFalse(c.matches("ops", "s3cret-passphrase "));
        assertFalse(c.matches("Ops", "s3cret-passphrase"));
        assertFalse(c.matches(null, null));
        assertTrue(Credentials.sameToken("abc", "abc"));
        assertFalse(Credentials.sameToken("abc", "abd"));
        assertFalse(Credentials.sameToken("abc", null));
    }
}
