package dev.capstan.redis.counter;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.lua.ScriptRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import redis.clients.jedis.UnifiedJedis;

/**
 * Counters bucketed per minute, hour and day ("jobs processed per minute"), on the Redis server
 * clock. {@link #increment} adds to the current bucket of all three resolutions in one script, so
 * the three series never disagree and concurrent writers on different machines (with different
 * clocks) share the same buckets.
 *
 * <p>Layout: one hash per counter and resolution, {@code prefix:{name}:ts:minute} (and {@code :hour},
 * {@code :day}), field = bucket start in epoch seconds, value = the count. A hash rather than a key
 * per bucket keeps a range read to one command on one key; the cost is that retention is enforced
 * by the writer: whenever an increment opens a new bucket, fields older than the retention are
 * deleted (O(buckets kept), once per bucket width, not on every increment), and the whole hash
 * expires once a retention has passed without any increment. Old buckets may therefore be read up
 * to one bucket width after they left the retention window.
 *
 * <p>Counts are 64-bit signed integers (HINCRBY); negative deltas are allowed. Thread-safe and
 * stateless.
 */
public final class TimeSeriesCounter {
    /** Upper bound of {@link #recent} so that one call cannot read an unbounded number of fields. */
    public static final int MAX_RECENT_BUCKETS = 10_000;

    private static final LuaScript INCREMENT = LuaScript.load(TimeSeriesCounter.class, "increment");
    private static final LuaScript RECENT = LuaScript.load(TimeSeriesCounter.class, "recent");
    private static final List<Resolution> RESOLUTIONS = List.of(Resolution.MINUTE, Resolution.HOUR, Resolution.DAY);

    /**
     * How long buckets of each resolution are kept. Every retention is rounded up to whole buckets
     * and must be at least one bucket wide.
     */
    public record Retention(Duration minutes, Duration hours, Duration days) {
        /** Minutes for 24 hours, hours for 30 days, days for 400 days. */
        public static final Retention DEFAULT = new Retention(Duration.ofHours(24), Duration.ofDays(30), Duration.ofDays(400));

        public Retention {
            requireAtLeast(minutes, Resolution.MINUTE);
            requireAtLeast(hours, Resolution.HOUR);
            requireAtLeast(days, Resolution.DAY);
        }

        public Duration of(Resolution resolution) {
            return switch (resolution) {
                case MINUTE -> minutes;
                case HOUR -> hours;
                case DAY -> days;
            };
        }

        /** Number of buckets kept, the current one included. */
        public long buckets(Resolution resolution) {
            long seconds = of(resolution).toSeconds();
            return Math.ceilDiv(seconds, resolution.seconds());
        }

        private static void requireAtLeast(Duration retention, Resolution resolution) {
            Objects.requireNonNull(retention, "retention");
            if (retention.compareTo(resolution.width()) < 0) {
                throw new IllegalArgumentException("retention of " + resolution.label() + " buckets must be at least "
                        + resolution.width() + ", got " + retention);
            }
        }
    }

    private final UnifiedJedis redis;
    private final ScriptRunner scripts;
    private final Namespace ns;
    private final Retention retention;
    private final List<String> retentionArgs;

    public TimeSeriesCounter(UnifiedJedis redis, Namespace ns) {
        this(redis, ns, Retention.DEFAULT);
    }

    public TimeSeriesCounter(UnifiedJedis redis, Namespace ns, Retention retention) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.scripts = new ScriptRunner(redis);
        this.ns = Objects.requireNonNull(ns, "ns");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.retentionArgs = RESOLUTIONS.stream()
                .flatMap(r -> Stream.of(Long.toString(r.seconds()), Long.toString(retention.buckets(r))))
                .toList();
    }

    public Retention retention() {
        return retention;
    }

    /** Adds 1 to the current minute, hour and day buckets of {@code name}. */
    public long increment(String name) {
        return increment(name, 1);
    }

    /**
     * Adds {@code delta} to the current minute, hour and day buckets of {@code name} (server time),
     * atomically, in one round trip.
     *
     * @return the new count of the current minute bucket
     */
    public long increment(String name, long delta) {
        List<String> keys = RESOLUTIONS.stream().map(r -> key(name, r)).toList();
        List<String> args = new ArrayList<>(1 + retentionArgs.size());
        args.add(Long.toString(delta));
        args.addAll(retentionArgs);
        return scripts.runForLong(INCREMENT, keys, args);
    }

    /**
     * The non-empty buckets whose start lies in [bucket of {@code from}, {@code to}], oldest first,
     * in one command (HGETALL of the resolution's hash, bounded by the retention). Buckets that were
     * never incremented are absent; see {@link #recent} for a zero-filled series.
     */
    public NavigableMap<Instant, Long> range(String name, Resolution resolution, Instant from, Instant to) {
        long first = resolution.bucketStart(from.getEpochSecond());
        long last = to.getEpochSecond();
        NavigableMap<Instant, Long> buckets = new TreeMap<>();
        for (Map.Entry<String, String> field : redis.hgetAll(key(name, resolution)).entrySet()) {
            long start = Long.parseLong(field.getKey());
            if (start >= first && start <= last) {
                buckets.put(Instant.ofEpochSecond(start), Long.parseLong(field.getValue()));
            }
        }
        return Collections.unmodifiableNavigableMap(buckets);
    }

    /** The sum of the buckets of {@link #range}. */
    public long total(String name, Resolution resolution, Instant from, Instant to) {
        long sum = 0;
        for (long count : range(name, resolution, from, to).values()) {
            sum += count;
        }
        return sum;
    }

    /**
     * The last {@code buckets} buckets up to and including the current one (server time), oldest
     * first, with 0 for buckets without increments: the series a "per minute" graph draws. One script.
     */
    public NavigableMap<Instant, Long> recent(String name, Resolution resolution, int buckets) {
        if (buckets < 1 || buckets > MAX_RECENT_BUCKETS) {
            throw new IllegalArgumentException("buckets must be 1.." + MAX_RECENT_BUCKETS + ", got " + buckets);
        }
        List<Object> reply = scripts.runForList(RECENT, List.of(key(name, resolution)),
                List.of(Long.toString(resolution.seconds()), Integer.toString(buckets)));
        long start = (Long) reply.get(0);
        NavigableMap<Instant, Long> series = new TreeMap<>();
        for (int i = 1; i < reply.size(); i++) {
            series.put(Instant.ofEpochSecond(start + (i - 1) * resolution.seconds()),
                    Long.parseLong((String) reply.get(i)));
        }
        return Collections.unmodifiableNavigableMap(series);
    }

    /** Deletes all buckets of {@code name} (one DEL of its three keys). */
    public void delete(String name) {
        redis.del(RESOLUTIONS.stream().map(r -> key(name, r)).toArray(String[]::new));
    }

    /** The hash of one counter and resolution. */
    String key(String name, Resolution resolution) {
        return ns.tagged(name, "ts", resolution.label());
    }
}
