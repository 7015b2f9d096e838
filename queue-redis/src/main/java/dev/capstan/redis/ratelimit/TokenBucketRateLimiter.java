package dev.capstan.redis.ratelimit;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.LuaScript;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Token bucket: each key has a bucket of {@code capacity} tokens, refilled continuously at
 * {@code refillTokens} per {@code refillPeriod}; a call takes {@code permits} tokens or is denied.
 * A new key starts full.
 *
 * <p>Trade-offs: allows bursts up to the capacity after idle time while holding the long-run rate to the
 * refill rate; in any interval of length T a key gets at most {@code capacity + rate * T} permits. State
 * is a hash of two numbers per key (tokens, time of last refill in server microseconds), which expires
 * once the bucket would be full again. {@link GcraRateLimiter} gives the same behaviour with a single
 * integer; the bucket is easier to reason about and to inspect ({@code HGETALL}).
 */
public final class TokenBucketRateLimiter extends ScriptedRateLimiter {
    private static final LuaScript SCRIPT = LuaScript.load(TokenBucketRateLimiter.class, "token_bucket");

    private final long refillTokens;
    private final long refillPeriodMicros;

    public TokenBucketRateLimiter(UnifiedJedis redis, Namespace ns, String name, long capacity,
                                  long refillTokens, Duration refillPeriod, Clock clock) {
        super(redis, ns, name, "tb", SCRIPT, capacity, clock);
        this.refillTokens = requirePositive(refillTokens, "refillTokens");
        this.refillPeriodMicros = requireMicros(refillPeriod, "refillPeriod");
    }

    /** Tokens added per second, for display and tests. */
    public double refillPerSecond() {
        return refillTokens * 1_000_000.0 / refillPeriodMicros;
    }

    @Override
    List<String> args(int permits) {
        return List.of(Long.toString(limit()), Long.toString(refillTokens), Long.toString(refillPeriodMicros),
                Integer.toString(permits));
    }
}
