package dev.capstan.redis.ratelimit;

import java.time.Instant;
import java.util.Objects;

/**
 * One permit held from a {@link ConcurrencyLimiter}: give it back with {@link ConcurrencyLimiter#release}.
 *
 * @param limiter        the name of the limiter it came from
 * @param key            the limited key (e.g. a tenant id)
 * @param holderId       unique id of this permit in the holder set
 * @param leaseExpiresAt when the lease runs out unless extended, by the limiter's client clock (a
 *                       convenience for scheduling {@link ConcurrencyLimiter#extend}; the lease itself is
 *                       timed by the Redis server clock)
 */
public record Permit(String limiter, String key, String holderId, Instant leaseExpiresAt) {
    public Permit {
        Objects.requireNonNull(limiter, "limiter");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(holderId, "holderId");
        Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
    }
}
