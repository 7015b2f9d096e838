package dev.capstan.benchmarks;

import java.time.Duration;
import java.util.List;
import org.redisson.Redisson;
import org.redisson.api.RBloomFilter;
import org.redisson.api.RHyperLogLog;
import org.redisson.api.RLock;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Redisson's equivalents of Capstan's primitives, with synchronous calls as an application would
 * make them. The limiter's rate is set so high that it never refuses, so what is timed is the cost
 * of one decision, not waiting. Each thread uses a lock of its own (uncontended lock + unlock).
 * Values are strings ({@link StringCodec}) so no serialization library is timed.
 */
final class RedissonSuite implements PrimitiveSuite {
    private static final String PREFIX = "capstan-bench:redisson:";
    /** Permits per second: so high that nothing is refused, the same as CapstanSuite's limiters. */
    private static final long HIGH_RATE = 1_000_000;
    private final RedissonClient redisson;

    RedissonSuite(String host, int port) {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + host + ":" + port);
        this.redisson = Redisson.create(config);
    }

    @Override
    public String implementation() {
        return "redisson";
    }

    @Override
    public List<Op> ops() {
        RRateLimiter limiter = redisson.getRateLimiter(PREFIX + "limiter");
        limiter.delete();
        limiter.trySetRate(RateType.OVERALL, HIGH_RATE, Duration.ofSeconds(1));
        RBloomFilter<String> bloom = redisson.getBloomFilter(PREFIX + "bloom", StringCodec.INSTANCE);
        bloom.delete();
        bloom.tryInit(1_000_000, 0.01);
        RHyperLogLog<String> hll = redisson.getHyperLogLog(PREFIX + "hll", StringCodec.INSTANCE);
        hll.delete();
        return List.of(
                new Op("rate-limiter.try-acquire", PrimitiveSuites.RATE_LIMITER,
                        "RRateLimiter.tryAcquire() on one shared limiter, rate 1M/s (never refuses)",
                        t -> () -> {
                            if (!limiter.tryAcquire()) {
                                throw new IllegalStateException("RRateLimiter refused: the benchmark rate is too low");
                            }
                        }),
                new Op("lock.lock-unlock", PrimitiveSuites.LOCK,
                        "RLock.lock() then unlock(), one lock per thread (lock() without a lease arms Redisson's watchdog)",
                        t -> {
                            RLock lock = redisson.getLock(PREFIX + "lock:" + t);
                            return () -> {
                                lock.lock();
                                lock.unlock();
                            };
                        }),
                new Op("bloom.add", PrimitiveSuites.BLOOM_ADD, "RBloomFilter.add(random key), 1M expected, 1% false positives",
                        t -> () -> bloom.add(CapstanSuite.randomKey())),
                new Op("bloom.contains", PrimitiveSuites.BLOOM_CONTAINS, "RBloomFilter.contains(random key)",
                        t -> () -> bloom.contains(CapstanSuite.randomKey())),
                new Op("hyperloglog.add", PrimitiveSuites.HLL_ADD, "RHyperLogLog.add(random key)",
                        t -> () -> hll.add(CapstanSuite.randomKey())));
    }

    @Override
    public void close() {
        redisson.getKeys().deleteByPattern(PREFIX + "*");
        redisson.shutdown();
    }
}
