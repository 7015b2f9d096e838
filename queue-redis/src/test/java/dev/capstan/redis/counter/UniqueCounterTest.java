package dev.capstan.redis.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

@ExtendWith(RedisExtension.class)
class UniqueCounterTest {
    private static final long DAY = 86_400;

    @Test
    void countsAMillionDistinctIdsWithinTwoPercent(RedisTestContext ctx) {
        RedisClient redis = ctx.newClient();
        UniqueCounter counter = new UniqueCounter(redis, new Namespace(ctx.namespace()));
        long before = ServerClock.seconds(redis);
        long started = System.nanoTime();
        for (int batch = 0; batch < 1_000; batch++) {
            counter.addAll("visitors", ids("user-", batch * 1_000, (batch + 1) * 1_000));
        }
        long after = ServerClock.seconds(redis);
        long millis = (System.nanoTime() - started) / 1_000_000;

        // over the buckets the adds could have landed in (one, unless midnight UTC passed meanwhile)
        long count = counter.countRange("visitors", Instant.ofEpochSecond(before), Instant.ofEpochSecond(after));
        double error = Math.abs(count - 1_000_000) / 1_000_000.0;
        System.out.printf("HyperLogLog: 1,000,000 distinct ids in 1,000 calls of 1,000 took %d ms, counted %d"
                + " (error %.3f%%)%n", millis, count, error * 100);
        assertTrue(error <= 0.02, "count " + count + " is off by " + error);

        // adding ids already counted changes no register (checked unless midnight UTC passed)
        boolean changed = counter.addAll("visitors", ids("user-", 0, 1_000));
        if (before / DAY == ServerClock.seconds(redis) / DAY) {
            assertFalse(changed);
        }
    }

    @Test
    void countRangeMergesBucketsCountingSharedIdsOnce(RedisTestContext ctx) {
        RedisClient redis = ctx.newClient();
        UniqueCounter counter = new UniqueCounter(redis, new Namespace(ctx.namespace()));
        long today = Resolution.DAY.bucketStart(ServerClock.seconds(redis));
        // three past days, overlapping by half: 0..9999, 5000..14999, 10000..19999
        for (int d = 3; d >= 1; d--) {
            int from = (3 - d) * 5_000;
            List<String> day = ids("id-", from, from + 10_000);
            redis.pfadd(counter.bucketKey("daily", today - d * DAY), day.toArray(String[]::new));
        }
        Instant threeDaysAgo = Instant.ofEpochSecond(today - 3 * DAY);
        Instant twoDaysAgo = Instant.ofEpochSecond(today - 2 * DAY);
        Instant yesterdayEvening = Instant.ofEpochSecond(today - 1);

        assertWithin(10_000, counter.count("daily", twoDaysAgo.plusSeconds(3_600)));
        assertWithin(20_000, counter.countRange("daily", threeDaysAgo, yesterdayEvening));
        assertWithin(15_000, counter.countRange("daily", twoDaysAgo, yesterdayEvening));
        assertWithin(20_000, counter.countRange("daily", threeDaysAgo.minusSeconds(10 * DAY), Instant.ofEpochSecond(today)));
        assertEquals(0, counter.countRange("daily", threeDaysAgo.minusSeconds(10 * DAY), threeDaysAgo.minusSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> counter.countRange("daily", twoDaysAgo, threeDaysAgo));
    }

    @Test
    void addGoesToTheServersCurrentBucketWhichExpiresAfterTheRetention(RedisTestContext ctx) {
        RedisClient redis = ctx.newClient();
        UniqueCounter counter = new UniqueCounter(redis, new Namespace(ctx.namespace()), Resolution.HOUR, Duration.ofDays(2));
        assertFalse(counter.add("empty"));
        assertTrue(ctx.keys().isEmpty(), "adding no ids writes nothing");
        ServerClock.withinOneBucket(redis, Resolution.HOUR, (hour, attempt) -> {
            String name = "hourly" + attempt;
            boolean first = counter.add(name, "a", "b", "a");
            boolean again = counter.add(name, "b");
            if (Resolution.HOUR.bucketStart(ServerClock.seconds(redis)) != hour) {
                return;
            }
            assertTrue(first);
            assertFalse(again);
            assertEquals(2, counter.count(name, Instant.ofEpochSecond(hour)));
            assertEquals(0, counter.count(name, Instant.ofEpochSecond(hour - 3_600)));
            long ttl = redis.ttl(counter.bucketKey(name, hour));
            assertTrue(ttl > 2 * DAY && ttl <= 2 * DAY + 3_600, "ttl " + ttl);
        });
    }

    @Test
    void aClientClockFarFromTheServersStillHitsTheServersBucket(RedisTestContext ctx) {
        RedisClient redis = ctx.newClient();
        UniqueCounter counter = new UniqueCounter(redis, new Namespace(ctx.namespace()), Resolution.HOUR, Duration.ofDays(1));
        counter.serverSkewSeconds = -5 * DAY; // as if this machine's clock were five days ahead
        ServerClock.withinOneBucket(redis, Resolution.HOUR, (hour, attempt) -> {
            String name = "skewed" + attempt;
            counter.add(name, "x", "y", "z");
            if (Resolution.HOUR.bucketStart(ServerClock.seconds(redis)) != hour) {
                return;
            }
            assertEquals(3, counter.count(name, Instant.ofEpochSecond(hour)));
            assertTrue(Math.abs(counter.serverSkewSeconds) < 3_600, "learnt skew " + counter.serverSkewSeconds);
        });
    }

    private static void assertWithin(long expected, long actual) {
        assertTrue(Math.abs(actual - expected) <= expected * 0.02, "expected about " + expected + ", got " + actual);
    }

    private static List<String> ids(String prefix, int from, int to) {
        List<String> ids = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }
}
