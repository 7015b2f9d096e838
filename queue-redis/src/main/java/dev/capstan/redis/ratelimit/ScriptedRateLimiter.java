package dev.capstan.redis.ratelimit;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.lua.ScriptRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;

/**
 * What the five algorithms share: key naming, argument checks, running the one script, and reading its
 * reply {@code {allowed, remaining, retry after in microseconds, limit}} into a {@link RateLimitDecision}.
 */
abstract class ScriptedRateLimiter implements RateLimiter {
    private final ScriptRunner runner;
    private final Namespace ns;
    private final String name;
    private final String algorithm;
    private final LuaScript script;
    private final long limit;
    private final Clock clock;

    ScriptedRateLimiter(UnifiedJedis redis, Namespace ns, String name, String algorithm, LuaScript script,
                        long limit, Clock clock) {
        this.runner = new ScriptRunner(Objects.requireNonNull(redis, "redis"));
        this.ns = Objects.requireNonNull(ns, "ns");
        this.name = LimiterKeys.requireName(name);
        this.algorithm = algorithm;
        this.script = script;
        this.limit = requirePositive(limit, "limit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The script's ARGV after the key; {@code permits} is already checked. */
    abstract List<String> args(int permits);

    final Namespace ns() {
        return ns;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final long limit() {
        return limit;
    }

    @Override
    public final RateLimitDecision tryAcquire(String key, int permits) {
        if (permits < 1 || permits > limit) {
            throw new IllegalArgumentException("permits must be between 1 and " + limit + ", was " + permits);
        }
        List<Object> reply = runner.runForList(script, List.of(redisKey(key)), args(permits));
        boolean allowed = (Long) reply.get(0) == 1L;
        long remaining = Math.max(0L, (Long) reply.get(1));
        Duration retryAfter = allowed ? Duration.ZERO : Duration.of(Math.max(1L, (Long) reply.get(2)), ChronoUnit.MICROS);
        return new RateLimitDecision(allowed, remaining, retryAfter, (Long) reply.get(3),
                clock.instant().plus(retryAfter));
    }

    /** Runs another script of this limiter (e.g. GCRA's booking) on the same connection. */
    final List<Object> run(LuaScript other, List<String> keys, List<String> args) {
        return runner.runForList(other, keys, args);
    }

    /** The Redis key holding the state of {@code key}: {@code prefix:{name:key}:rl:algorithm}. */
    final String redisKey(String key) {
        return LimiterKeys.key(ns, name, key, "rl", algorithm);
    }

    static long requirePositive(long value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, was " + value);
        }
        return value;
    }

    static long requireMillis(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.toMillis() < 1) {
            throw new IllegalArgumentException(what + " must be at least 1 ms, was " + duration);
        }
        return duration.toMillis();
    }

    static long requireMicros(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        long micros = duration.toNanos() / 1_000;
        if (micros < 1) {
            throw new IllegalArgumentException(what + " must be at least 1 us, was " + duration);
        }
        return micros;
    }
}
