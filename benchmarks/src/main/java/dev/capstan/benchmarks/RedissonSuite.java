package dev.capstan.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
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
        limiter.trySetRate(RateType.OVERALL, 1_000_000_000L, Duration.ofSeconds(1));
        RBloomFilter<String> bloom = redisson.getBloomFilter(PREFIX + "bloom", StringCodec.INSTANCE);
        bloom.delete();
        bloom.tryInit(1_000_000, 0.01);
        RHyperLogLog<String> hll = redisson.getHyperLogLog(PREFIX + "hll", StringCodec.INSTANCE);
        hll.delete();
        return List.of(
                new Op("rate-limiter.try-acquire", "RRateLimiter.tryAcquire() on one shared limiter",
                        t -> limiter::tryAcquire),
                new Op("lock.lock-unlock", "RLock.lock() then unlock(), one lock per thread",
                        t -> {
                            RLock lock = redisson.getLock(PREFIX + "lock:" + t);
                            return () -> {
                                lock.lock();
                                lock.unlock();
                            };
                        }),
                new Op("bloom.add", "RBloomFilter.add(random key), 1M expected, 1% false positives",
                        t -> () -> bloom.add(randomKey())),
                new Op("bloom.contains", "RBloomFilter.contains(random key)",
                        t -> () -> bloom.contains(randomKey())),
                new Op("hyperloglog.add", "RHyperLogLog.add(random key)",
                        t -> () -> hll.add(randomKey())));
    }

    private static String randomKey() {
        return "user:" + ThreadLocalRandom.current().nextInt(10_000_000);
    }

    @Override
    public void close() {
        redisson.getKeys().deleteByPattern(PREFIX + "*");
        redisson.shutdown();
    }
}
