package dev.capstan.redis.ratelimit;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.LuaScript;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Fixed window: at most {@code limit} permits per key in each window, windows aligned to the Redis
 * server clock (multiples of the window length since the epoch).
 *
 * <p>Trade-offs: the cheapest algorithm (one small hash per key, O(1) time and memory) and the easiest to
 * explain ("100 per minute"). But the limit holds per aligned window only: a client may take
 * {@code limit} permits at the end of one window and {@code limit} more at the start of the next, so any
 * sliding window of the same length may see up to {@code 2 * limit}. Use it where that burst is acceptable
 * (quotas, coarse abuse protection).
 */
public final class FixedWindowRateLimiter extends ScriptedRateLimiter {
    private static final LuaScript SCRIPT = LuaScript.load(FixedWindowRateLimiter.class, "fixed_window");

    private final long windowMillis;

    public FixedWindowRateLimiter(UnifiedJedis redis, Namespace ns, String name, long limit, Duration window,
                                  Clock clock) {
        super(redis, ns, name, "fixed", SCRIPT, limit, clock);
        this.windowMillis = requireMillis(window, "window");
    }

    public Duration window() {
        return Duration.ofMillis(windowMillis);
    }

    @Override
    List<String> args(int permits) {
        return List.of(Long.toString(limit()), Long.toString(windowMillis), Integer.toString(permits));
    }
}
