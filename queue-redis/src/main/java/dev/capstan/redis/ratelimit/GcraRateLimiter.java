package dev.capstan.redis.ratelimit;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.LuaScript;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
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
    private static final LuaScript BOOK = LuaScript.load(GcraRateLimiter.class, "gcra_book");
    /** A booked ticket may claim its slot this early: timers and the trip back through the queue are not exact. */
    static final Duration CLAIM_SLACK = Duration.ofMillis(2);
    /** A booking nobody claims (its job was deleted) is forgotten this long after its time. */
    static final Duration BOOKING_KEPT = Duration.ofHours(1);

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

    /**
     * For work that can wait: takes a permit now, or books the next free permit for {@code ticket} (a
     * job id, say) and says how long to wait for it. Calling again with the same ticket once the wait is
     * over claims the booked permit; calling early only repeats the remaining wait. So each waiter asks
     * twice in all, however many wait, instead of every waiter retrying at every {@code retryAfter}
     * and all but one being refused again. Bookings count against the same limit as
     * {@link #tryAcquire}: the key's rate holds whoever asks. One round trip, server clock only.
     */
    public Booking acquireOrBook(String key, String ticket) {
        Objects.requireNonNull(ticket, "ticket");
        List<Object> reply = run(BOOK, List.of(redisKey(key), bookingsKey(key)), List.of(Long.toString(rate),
                Long.toString(periodMicros), Long.toString(limit()), ticket,
                Long.toString(CLAIM_SLACK.toNanos() / 1_000), Long.toString(BOOKING_KEPT.toNanos() / 1_000)));
        boolean granted = (Long) reply.get(0) == 1L;
        return new Booking(granted, granted ? Duration.ZERO : Duration.of((Long) reply.get(1), ChronoUnit.MICROS),
                (Long) reply.get(2) == 1L);
    }

    /**
     * The answer of {@link #acquireOrBook}: granted now, or come back after {@code waitFor} (measured on the
     * Redis server clock); {@code booked} says a permit is held for the ticket at the end of the wait.
     */
    public record Booking(boolean granted, Duration waitFor, boolean booked) {}

    /** The sorted set of booked tickets of {@code key}, in the same slot as its TAT. */
    final String bookingsKey(String key) {
        return LimiterKeys.key(ns(), name(), key, "rl", "gcra", "bookings");
    }

    @Override
    List<String> args(int permits) {
        return List.of(Long.toString(rate), Long.toString(periodMicros), Long.toString(limit()),
                Integer.toString(permits));
    }
}
