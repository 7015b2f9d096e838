package dev.capstan.redis.ratelimit;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.lua.ScriptRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import redis.clients.jedis.UnifiedJedis;

/**
 * A concurrency limiter (distributed semaphore): at most {@code maxPermits} holders per key at a time,
 * each holding a permit under a lease.
 *
 * <p>The holders of a key are a sorted set of holder id to lease expiry (Redis server time). Acquiring
 * purges expired leases in the same script, so the permit of a holder that crashed or hung comes back
 * once its lease runs out, without any cleanup process. Guarantees and trade-offs: never more than
 * {@code maxPermits} unexpired leases per key; a holder that works longer than its lease must
 * {@link #extend} it in time, otherwise its permit may be handed to someone else while it still works
 * (the lease is what makes dead holders harmless, so it cannot also protect slow ones). Leases are timed
 * by the server clock only; the client {@link Clock} merely fills {@link Permit#leaseExpiresAt()}. With
 * Redis replication a failover may lose the latest acquisitions, as for any single-instance lock.
 * Immutable and thread-safe.
 */
public final class ConcurrencyLimiter {
    private static final LuaScript ACQUIRE = LuaScript.load(ConcurrencyLimiter.class, "concurrency_acquire");
    private static final LuaScript EXTEND = LuaScript.load(ConcurrencyLimiter.class, "concurrency_extend");
    private static final LuaScript HOLDERS = LuaScript.load(ConcurrencyLimiter.class, "concurrency_holders");

    private final UnifiedJedis redis;
    private final ScriptRunner runner;
    private final Namespace ns;
    private final String name;
    private final int maxPermits;
    private final long leaseMillis;
    private final Clock clock;

    public ConcurrencyLimiter(UnifiedJedis redis, Namespace ns, String name, int maxPermits, Duration lease,
                              Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.runner = new ScriptRunner(redis);
        this.ns = Objects.requireNonNull(ns, "ns");
        this.name = LimiterKeys.requireName(name);
        this.maxPermits = (int) ScriptedRateLimiter.requirePositive(maxPermits, "maxPermits");
        this.leaseMillis = ScriptedRateLimiter.requireMillis(lease, "lease");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String name() {
        return name;
    }

    public int maxPermits() {
        return maxPermits;
    }

    public Duration lease() {
        return Duration.ofMillis(leaseMillis);
    }

    /** Takes a permit for {@code key} if fewer than {@link #maxPermits()} unexpired leases are held. */
    public Optional<Permit> tryAcquire(String key) {
        String holderId = UUID.randomUUID().toString();
        List<Object> reply = runner.runForList(ACQUIRE, List.of(redisKey(key)),
                List.of(Integer.toString(maxPermits), Long.toString(leaseMillis), holderId));
        if ((Long) reply.get(0) != 1L) {
            return Optional.empty();
        }
        return Optional.of(new Permit(name, key, holderId, clock.instant().plusMillis(leaseMillis)));
    }

    /**
     * Gives the permit back. Returns false if it was no longer held (released before, or its lease expired
     * and was purged), which tells the caller that its work may have overlapped with another holder's.
     */
    public boolean release(Permit permit) {
        return redis.zrem(redisKey(own(permit).key()), permit.holderId()) == 1L;
    }

    /**
     * Renews the lease of a permit still held, for a full {@link #lease()} from now. Returns false if the
     * permit was released or its lease had already expired: an expired permit is never revived, since its
     * slot may already belong to another holder.
     */
    public boolean extend(Permit permit) {
        long renewed = runner.runForLong(EXTEND, List.of(redisKey(own(permit).key())),
                List.of(Long.toString(leaseMillis), permit.holderId()));
        return renewed > 0;
    }

    /** Permits of {@code key} held right now (unexpired leases). */
    public int holders(String key) {
        return (int) runner.runForLong(HOLDERS, List.of(redisKey(key)), List.of());
    }

    private Permit own(Permit permit) {
        Objects.requireNonNull(permit, "permit");
        if (!permit.limiter().equals(name)) {
            throw new IllegalArgumentException("permit of limiter '" + permit.limiter() + "' given to '" + name + "'");
        }
        return permit;
    }

    /** {@code prefix:{name:key}:sem}: one sorted set per limited key. */
    String redisKey(String key) {
        return LimiterKeys.key(ns, name, key, "sem");
    }
}
