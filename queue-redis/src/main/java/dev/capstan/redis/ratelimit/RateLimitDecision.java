package dev.capstan.redis.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The answer of a {@link RateLimiter} to one call.
 *
 * @param allowed    whether the permits were granted (and counted); a denied call counts nothing
 * @param remaining  permits that could still be granted right now (after this call, if allowed); for the
 *                   sliding-window counter an estimate
 * @param retryAfter how long until a call for the same number of permits can succeed (measured on the
 *                   Redis server clock); {@link Duration#ZERO} when allowed
 * @param limit      the limiter's limit: permits per window, bucket capacity, or GCRA burst
 * @param retryAt    {@code retryAfter} turned into an instant of the limiter's client {@link java.time.Clock}:
 *                   a convenience for callers (e.g. an HTTP {@code Retry-After} date); it plays no part in the
 *                   decision, so a skewed client clock shifts this instant but never the limit
 */
public record RateLimitDecision(boolean allowed, long remaining, Duration retryAfter, long limit, Instant retryAt) {

    public RateLimitDecision {
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(retryAt, "retryAt");
        if (remaining < 0 || limit < 1 || retryAfter.isNegative()) {
            throw new IllegalArgumentException("invalid decision: remaining=" + remaining + " limit=" + limit
                    + " retryAfter=" + retryAfter);
        }
        if (allowed && !retryAfter.isZero()) {
            throw new IllegalArgumentException("an allowed decision has no retryAfter");
        }
    }
}
