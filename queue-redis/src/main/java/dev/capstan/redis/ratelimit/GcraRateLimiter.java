package dev.capstan.redis.ratelimit;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.LuaScript;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * GCRA, the generic cell rate algorithm (a leaky bucket used as a meter): {@code rate} permits per
 * {@code period} with bursts of up to {@code burst} permits at once.
 *
 * <p>One key per limited key holds the theoretical arrival time (TAT): when the next permit would be due
 * if permits were spaced exactly one emission interval ({@code period / rate}) apart. A call is granted if
 * the TAT, advanced by the call's permits, is at most {@code burst} intervals ahead of now; a denied call
 * changes nothing. Trade-offs: the behaviour of a token bucket (at most {@code burst + rate * T / period}
 * permits in any interval T, long-run rate exactly {@code rate}) in the smallest state possible (one
 * integer, microseconds of server time, expiring when the key is idle) and with an exact
 * {@code retryAfter}; it smooths traffic rather than resetting at boundaries. The price is that it is
 * less intuitive to inspect than a counter. The default choice for API rate limits.
 */
public final class GcraRateLimiter extends ScriptedRateLimiter {
    private static final LuaScript SCRIPT = LuaScript.load(GcraRateLimiter.class, "gcra");

    private final long rate;
    private final long periodMicros;

    public GcraRateLimiter(UnifiedJedis redis, Namespace ns, String name, long rate, Duration period, long burst,
                           Clock clock) {
        super(redis, ns, name, "gcra", SCRIPT, burst, clock);
        this.rate = requirePositive(rate, "rate");
        this.periodMicros = requireMicros(period, "period");
    }

    /** The time between two permits at the sustained rate. */
    public Duration emissionInterval() {
        return Duration.of(periodMicros, ChronoUnit.MICROS).dividedBy(rate);
    }

    @Override
    List<String> args(int permits) {
        return List.of(Long.toString(rate), Long.toString(periodMicros), Long.toString(limit()),
                Integer.toString(permits));
    }
}
