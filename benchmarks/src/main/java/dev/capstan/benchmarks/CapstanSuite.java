package dev.capstan.benchmarks;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.bloom.BloomFilter;
import dev.capstan.redis.counter.UniqueCounter;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.lock.LockLease;
import dev.capstan.redis.lock.RedisLock;
import dev.capstan.redis.lock.RedisLocks;
import dev.capstan.redis.ratelimit.ConcurrencyLimiter;
import dev.capstan.redis.ratelimit.Permit;
import dev.capstan.redis.ratelimit.RateLimiter;
import dev.capstan.redis.ratelimit.RateLimiters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.UnifiedJedis;

/**
 * Capstan's Redis primitives ({@code dev.capstan.redis.*}) with synchronous calls as an application
 * makes them, on a pooled {@link RedisConnections#connect} client. Limits are set so high that no
 * call is refused (what is timed is the cost of one decision, as for Redisson's limiter), the same
 * shared key for every thread; each thread uses a lock of its own (uncontended acquire + release).
 */
final class CapstanSuite implements PrimitiveSuite {
    static final String NAMESPACE = "capstan-bench-prim";
    private static final long HIGH_LIMIT = 1_000_000; // per second, as RedissonSuite.HIGH_RATE
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final UnifiedJedis redis;
    private final Namespace ns = new Namespace(NAMESPACE);
    private final RedisLocks locks;
    private final FeatureFlags flags;

    CapstanSuite(String url) {
        this.redis = RedisConnections.connect(url);
        RedisStats.deleteKeys(redis, NAMESPACE + ":*");
        this.locks = new RedisLocks(redis, ns);
        this.flags = new FeatureFlags(redis, ns);
    }

    @Override
    public String implementation() {
        return "capstan";
    }

    @Override
    public List<Op> ops() {
        RateLimiters limiters = RateLimiters.on(redis, ns);
        ConcurrencyLimiter concurrency = limiters.concurrency("concurrency", 1_000, Duration.ofSeconds(30));
        BloomFilter bloom = new BloomFilter(redis, ns, "bloom", 1_000_000, 0.01);
        UniqueCounter unique = new UniqueCounter(redis, ns);
        flags.enable("bench-flag");
        List<Op> ops = new ArrayList<>();
        ops.add(limiter("gcra", limiters.gcra("gcra", HIGH_LIMIT, SECOND, HIGH_LIMIT)));
        ops.add(limiter("token-bucket", limiters.tokenBucket("bucket", HIGH_LIMIT, HIGH_LIMIT, SECOND)));
        ops.add(limiter("sliding-log", limiters.slidingLog("log", HIGH_LIMIT, SECOND)));
        ops.add(limiter("sliding-window-counter", limiters.slidingWindowCounter("swc", HIGH_LIMIT, SECOND)));
        ops.add(limiter("fixed-window", limiters.fixedWindow("fixed", HIGH_LIMIT, SECOND)));
        ops.add(new Op("lock.try-acquire-release", PrimitiveSuites.LOCK,
                "RedisLock.tryAcquire(30 s) then release(lease), one lock per thread",
                t -> {
                    RedisLock lock = locks.lock("lock-" + t);
                    return () -> {
                        LockLease lease = lock.tryAcquire(Duration.ofSeconds(30)).orElseThrow();
                        lock.release(lease);
                    };
                }));
        ops.add(new Op("bloom.add", PrimitiveSuites.BLOOM_ADD, "BloomFilter.add(random key), 1M expected, 1% false positives",
                t -> () -> bloom.add(randomKey())));
        ops.add(new Op("bloom.might-contain", PrimitiveSuites.BLOOM_CONTAINS, "BloomFilter.mightContain(random key)",
                t -> () -> bloom.mightContain(randomKey())));
        ops.add(new Op("unique-counter.add", PrimitiveSuites.HLL_ADD, "UniqueCounter.add(name, random key): PFADD into the day's HyperLogLog",
                t -> () -> unique.add("hll", randomKey())));
        ops.add(new Op("concurrency-limiter.acquire-release", "concurrency-limiter.acquire-release",
                "ConcurrencyLimiter.tryAcquire(key) then release(permit), one shared key, 1,000 permits",
                t -> () -> {
                    Permit permit = concurrency.tryAcquire("shared").orElseThrow();
                    concurrency.release(permit);
                }));
        ops.add(new Op("flags.is-enabled", "flags.is-enabled", "FeatureFlags.isEnabled(flag): a cached local read",
                t -> () -> {
                    if (!flags.isEnabled("bench-flag")) {
                        throw new IllegalStateException("bench-flag should be enabled");
                    }
                }));
        return ops;
    }

    private static Op limiter(String algorithm, RateLimiter limiter) {
        return new Op("rate-limiter." + algorithm, PrimitiveSuites.RATE_LIMITER,
                limiter.getClass().getSimpleName() + ".tryAcquire(one shared key), limit 1M/s (never refuses)",
                t -> () -> {
                    if (!limiter.tryAcquire("shared").allowed()) {
                        throw new IllegalStateException(algorithm + " refused: the benchmark limit is too low");
                    }
                });
    }

    static String randomKey() {
        return "user:" + ThreadLocalRandom.current().nextInt(10_000_000);
    }

    @Override
    public void close() {
        flags.close();
        locks.close();
        RedisStats.deleteKeys(redis, NAMESPACE + ":*");
        redis.close();
    }
}
