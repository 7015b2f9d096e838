package dev.capstan.dashboard;

import dev.capstan.redis.counter.JobStatNames;
import dev.capstan.redis.counter.Resolution;
import dev.capstan.redis.counter.TimeSeriesCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;

/**
 * {@link StatsSource} over the {@link TimeSeriesCounter} in which Capstan's workers add up what
 * they ran: {@code stats.QUEUE.processed} and {@code stats.QUEUE.failed}, per minute, on the Redis
 * server clock (the names the worker runtime's cluster statistics use). Workers write their counts
 * about once a second, so the current minute lags by up to a second.
 *
 * <p>Two scripts per queue and call. The two series are read one after the other and may straddle a
 * minute boundary; they are aligned by bucket time, so a minute is never shifted between them.
 */
public final class TimeSeriesStatsSource implements StatsSource {
    private static final long MINUTE_MS = 60_000;

    private final TimeSeriesCounter counter;

    /** {@code counter} must use the namespace of the workers, e.g. {@code new TimeSeriesCounter(capstan.redis(), capstan.namespace())}. */
    public TimeSeriesStatsSource(TimeSeriesCounter counter) {
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    static String processedName(String queue) {
        return JobStatNames.processed(queue);
    }

    static String failedName(String queue) {
        return JobStatNames.failed(queue);
    }

    @Override
    public Throughput perMinute(String queue, int minutes) {
        if (minutes < 1 || minutes >= TimeSeriesCounter.MAX_RECENT_BUCKETS) {
            throw new IllegalArgumentException("minutes must be 1.." + (TimeSeriesCounter.MAX_RECENT_BUCKETS - 1) + ", was " + minutes);
        }
        // One bucket more than asked: if the minute turns between the two reads, both still cover the window.
        NavigableMap<Instant, Long> processed = counter.recent(processedName(queue), Resolution.MINUTE, minutes + 1);
        NavigableMap<Instant, Long> failed = counter.recent(failedName(queue), Resolution.MINUTE, minutes + 1);
        Instant last = processed.lastKey().isAfter(failed.lastKey()) ? processed.lastKey() : failed.lastKey();
        long first = last.toEpochMilli() - (minutes - 1) * MINUTE_MS;
        List<Long> p = new ArrayList<>(minutes);
        List<Long> f = new ArrayList<>(minutes);
        for (int i = 0; i < minutes; i++) {
            Instant minute = Instant.ofEpochMilli(first + i * MINUTE_MS);
            p.add(processed.getOrDefault(minute, 0L));
            f.add(failed.getOrDefault(minute, 0L));
        }
        return new Throughput(first, p, f);
    }
}
