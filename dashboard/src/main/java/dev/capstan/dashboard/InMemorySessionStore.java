package dev.capstan.dashboard;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Sessions in this JVM's memory: lost on restart (users log in again) and not shared between
 * dashboard instances. Ids are 256 random bits from {@link SecureRandom}. Expired sessions are
 * dropped when read and swept whenever a session is created, so the map cannot grow without bound
 * from abandoned logins.
 */
public final class InMemorySessionStore implements SessionStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public InMemorySessionStore() {
        this(System::nanoTime);
    }

    /** With a nanosecond clock of your own (tests). */
    InMemorySessionStore(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    @Override
    public String create(Map<String, String> attributes, Duration idleTimeout) {
        return create(attributes, idleTimeout, null);
    }

    @Override
    public String create(Map<String, String> attributes, Duration idleTimeout, Duration maxLifetime) {
        sweep();
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long idle = idleTimeout.toNanos();
        long now = clock.getAsLong();
        long end = maxLifetime == null ? Long.MAX_VALUE : now + maxLifetime.toNanos();
        sessions.put(id, new Entry(Map.copyOf(attributes), idle, Math.min(now + idle, end), end));
        return id;
    }

    @Override
    public Optional<Map<String, String>> get(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Entry entry = sessions.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.expired(clock.getAsLong())) {
            sessions.remove(id, entry);
            return Optional.empty();
        }
        return Optional.of(entry.attributes);
    }

    @Override
    public void touch(String id) {
        if (id == null) {
            return;
        }
        long now = clock.getAsLong();
        sessions.computeIfPresent(id, (k, e) -> e.expired(now) ? null
                : new Entry(e.attributes, e.idleNanos, e.endNanos == Long.MAX_VALUE ? now + e.idleNanos
                        : Math.min(now + e.idleNanos, e.endNanos), e.endNanos));
    }

    @Override
    public void destroy(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Live sessions (tests, metrics). */
    int size() {
        sweep();
        return sessions.size();
    }

    private void sweep() {
        long now = clock.getAsLong();
        sessions.values().removeIf(e -> e.expired(now));
    }

    /** {@code endNanos}: the absolute end, {@code Long.MAX_VALUE} for none. */
    private record Entry(Map<String, String> attributes, long idleNanos, long expiresAtNanos, long endNanos) {
        boolean expired(long now) {
            return now - expiresAtNanos >= 0;
        }
    }
}
