package dev.capstan.redis.ratelimit;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.LuaScript;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.UnifiedJedis;

/**
 * Sliding-window log: at most {@code limit} permits per key in ANY window of the given length (exact,
 * to the millisecond of the Redis server clock).
 *
 * <p>Trade-offs: the only exact sliding limit here, and its {@code retryAfter} is exact too. It pays with
 * memory and time: a sorted set entry (~60-100 bytes) per granted permit still inside the window, so
 * O(limit) memory per key and O(log n) per call plus the trimming of expired entries. Denied calls are not
 * logged, so a flood of denied calls costs no memory. Good for small limits that must hold strictly
 * (logins, password resets, expensive operations); for large limits prefer {@link GcraRateLimiter} or
 * {@link SlidingWindowCounterRateLimiter}.
 */
public final class SlidingLogRateLimiter extends ScriptedRateLimiter {
    private static final LuaScript SCRIPT = LuaScript.load(SlidingLogRateLimiter.class, "sliding_log");

    private final long windowMillis;

    public SlidingLogRateLimiter(UnifiedJedis redis, Namespace ns, String name, long limit, Duration window,
                                 Clock clock) {
        super(redis, ns, name, "log", SCRIPT, limit, clock);
        this.windowMillis = requireMillis(window, "window");
    }

    public Duration window() {
        return Duration.ofMillis(windowMillis);
    }

    @Override
    List<String> args(int permits) {
        // members must be unique even for calls in the same millisecond
        return List.of(Long.toString(limit()), Long.toString(windowMillis), Integer.toString(permits),
                UUID.randomUUID().toString());
    }
}
