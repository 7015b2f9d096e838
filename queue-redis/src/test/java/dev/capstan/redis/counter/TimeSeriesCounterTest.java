package dev.capstan.redis.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

@ExtendWith(RedisExtension.class)
class TimeSeriesCounterTest {

    @Test
    void incrementsLandInTheCurrentMinuteHourAndDayBuckets(RedisTestContext ctx) {
        RedisClient redis = ctx.newClient();
        TimeSeriesCounter counter = new TimeSeriesCounter(redis, new Namespace(ctx.namespace()));
        ServerClock.withinOneBucket(redis, Resolution.MINUTE, (minute, attempt) -> {
            String name = "processed" + attempt;
            long first = counter.increment(name, 3);
            long second = counter.increment(name, 4);
            long third = counter.increment(name, -1);
            if (Resolution.MINUTE.bucketStart(ServerClock.seconds(redis)) != minute) {
                return; // the minute changed: retried with another name
            }
            assertEquals(3, first);
            assertEquals(7, second);
            assertEquals(6, third);
            Instant m = Instant.ofEpochSecond(minute);
            Instant hour = Resolution.HOUR.bucketStart(m);
            Instant day = Resolution.DAY.bucketStart(m);
            assertEquals(Map.of(m, 6L), counter.range(name, Resolution.MINUTE, m.minusSeconds(3600), m.plusSeconds(3600)));
            assertEquals(Map.of(hour, 6L), counter.range(name, Resolution.HOUR, m, m));
            assertEquals(Map.of(day, 6L), counter.range(name, Resolution.DAY, m, m));
            assertEquals(Map.of(m, "6"), redis.hgetAll(counter.key(name, Resolution.MINUTE))
                    .entrySet().stream().collect(java.util.stream.Collectors.toMap(
                            e -> Instant.ofEpochSecond(Long.parseLong(e.getKey())), Map.Entry::getValue)));
            assertEquals(Map.of(m.minusSeconds(120), 0L, m.minusSeconds(60), 0L, m, 6L),
                    counter.recent(name, Resolution.MINUTE, 3));
        });
    }

    @Test
    void rangeReturnsOnlyTheBucketsInsideTheWindow(RedisTestContext ctx) {
        RedisClient redis = ctx.newClient();
        TimeSeriesCounter counter = new TimeSeriesCounter(redis, new Namespace(ctx.namespace()));
        ServerClock.withinOneBucket(redis, Resolution.MINUTE, (minute, attempt) -> {
            String name = "failed" + attempt;
            String key = counter.key(name, Resolution.MINUTE);
            redis.hset(key, Long.toString(minute - 120), "5");
            redis.hset(key, Long.toString(minute - 600), "2");
            counter.increment(name);
            if (Resolution.MINUTE.bucketStart(ServerClock.seconds(redis)) != minute) {
                return; // the minute changed: retried with another name
            }
            Instant m = Instant.ofEpochSecond(minute);

            assertEquals(Map.of(m.minusSeconds(120), 5L, m, 1L),
                    counter.range(name, Resolution.MINUTE, m.minusSeconds(300), m));
            // "from" inside a bucket includes that bucket; "to" is the last bucket start included
            assertEquals(Map.of(m.minusSeconds(600), 2L),
                    counter.range(name, Resolution.MINUTE, m.minusSeconds(599), m.minusSeconds(121)));
            assertEquals(8, counter.total(name, Resolution.MINUTE, m.minusSeconds(3600), m.plusSeconds(60)));
            assertEquals(0, counter.total(name, Resolution.MINUTE, m.minusSeconds(100_000), m.minusSeconds(3600)));
            assertEquals(Map.of(), counter.range("never-incremented", Resolution.HOUR, m.minusSeconds(100_000), m));
        });
    }

    @Test
    void openingABucketTrimsBucketsOlderThanTheRetention(RedisTestContext ctx) {
        RedisClient redis = ctx.newClient();
        TimeSeriesCounter.Retention retention =
                new TimeSeriesCounter.Retention(Duration.ofMinutes(5), Duration.ofHours(3), Duration.ofDays(2));
        TimeSeriesCounter counter = new TimeSeriesCounter(redis, new Namespace(ctx.namespace()), retention);
        ServerClock.withinOneBucket(redis, Resolution.MINUTE, (minute, attempt) -> {
            String name = "trimmed" + attempt;
            long hour = Resolution.HOUR.bucketStart(minute);
            long day = Resolution.DAY.bucketStart(minute);
            String minuteKey = counter.key(name, Resolution.MINUTE);
            String hourKey = counter.key(name, Resolution.HOUR);
            String dayKey = counter.key(name, Resolution.DAY);
            long farPast = minute - 30 * 86_400;
            for (long start : new long[] {minute - 4 * 60, minute - 5 * 60, farPast}) {
                redis.hset(minuteKey, Long.toString(start), "1");
            }
            for (long start : new long[] {hour - 2 * 3600, hour - 3 * 3600, farPast}) {
                redis.hset(hourKey, Long.toString(start), "1");
            }
            for (long start : new long[] {day - 86_400, day - 2 * 86_400, farPast}) {
                redis.hset(dayKey, Long.toString(start), "1");
            }

            counter.increment(name);
            if (Resolution.MINUTE.bucketStart(ServerClock.seconds(redis)) != minute) {
                return; // trimmed relative to another minute: retried with another name
            }
            assertEquals(fields(minute - 4 * 60, minute), redis.hkeys(minuteKey));
            assertEquals(fields(hour - 2 * 3600, hour), redis.hkeys(hourKey));
            assertEquals(fields(day - 86_400, day), redis.hkeys(dayKey));

            long minuteTtl = redis.ttl(minuteKey);
            assertTrue(minuteTtl > 240 && minuteTtl <= 300, "ttl " + minuteTtl);
            long dayTtl = redis.ttl(dayKey);
            assertTrue(dayTtl > 2 * 86_400 - 60 && dayTtl <= 2 * 86_400, "ttl " + dayTtl);
        });
    }

    @Test
    void retentionShorterThanABucketIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TimeSeriesCounter.Retention(
                Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofDays(1)));
        assertEquals(1440, TimeSeriesCounter.Retention.DEFAULT.buckets(Resolution.MINUTE));
        assertEquals(2, new TimeSeriesCounter.Retention(Duration.ofSeconds(61), Duration.ofHours(1), Duration.ofDays(1))
                .buckets(Resolution.MINUTE));
    }

    @Test
    void deleteRemovesEveryResolution(RedisTestContext ctx) {
        TimeSeriesCounter counter = new TimeSeriesCounter(ctx.newClient(), new Namespace(ctx.namespace()));
        counter.increment("gone", 2);
        assertEquals(3, ctx.keys().size());
        counter.delete("gone");
        assertTrue(ctx.keys().isEmpty(), "keys: " + ctx.keys());
    }

    private static Set<String> fields(long... starts) {
        Set<String> fields = new TreeSet<>();
        for (long start : starts) {
            fields.add(Long.toString(start));
        }
        return fields;
    }
}
