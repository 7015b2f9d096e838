package dev.capstan.redis.flags;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The process-local copy of flags, including "no such flag" answers (so unknown flags cost no round
 * trip either). Entries live until invalidated; there is no size bound, which suits the small, fixed
 * set of flag names an application checks.
 *
 * <p>A read that races an invalidation must not put the value it read before the change back into
 * the cache. Every invalidation bumps an epoch; a loader caches its value and then removes it again
 * if the epoch moved while it was reading, so at worst the next read goes to Redis once more.
 */
final class FlagCache {
    private final Map<String, Optional<FlagState>> entries = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();

    /** The cached state, or {@code null} when the flag is not cached. */
    Optional<FlagState> cached(String name) {
        return entries.get(name);
    }

    /** Reads the flag through {@code loader} and caches the result unless an invalidation raced the read. */
    Optional<FlagState> load(String name, Function<String, Optional<FlagState>> loader) {
        long before = epoch.get();
        Optional<FlagState> fresh = loader.apply(name);
        entries.put(name, fresh);
        if (epoch.get() != before) {
            entries.remove(name, fresh);
        }
        return fresh;
    }

    void invalidate(String name) {
        epoch.incrementAndGet();
        entries.remove(name);
    }

    /** Drops every entry and returns the names that were cached. */
    Set<String> clear() {
        epoch.incrementAndGet();
        Set<String> names = Set.copyOf(entries.keySet());
        entries.keySet().removeAll(names);
        return names;
    }

    Set<String> names() {
        return Set.copyOf(entries.keySet());
    }
}
