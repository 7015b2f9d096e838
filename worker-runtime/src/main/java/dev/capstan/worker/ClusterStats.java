package dev.capstan.worker;

import dev.capstan.redis.counter.JobStatNames;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.counter.UniqueCounter;
import dev.capstan.redis.outage.OutageBackoff;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background component that adds this worker's counts to cluster-wide statistics in Redis once a
 * second: processed and failed per minute/hour/day for each queue ({@code stats.QUEUE.processed},
 * {@code stats.QUEUE.failed}), and unique counts of one metadata value per job type and day (e.g.
 * distinct tenants). Counting in memory first keeps the per-job hot path free of round trips.
 */
final class ClusterStats implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterStats.class);

    private final TimeSeriesCounter counters;
    private final UniqueCounter uniques;
    private final String uniqueMetadataKey;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder[]> byQueue = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final OutageBackoff backoff = new OutageBackoff("cluster statistics", log);
    private long nextTryNanos = System.nanoTime();

    ClusterStats(TimeSeriesCounter counters, UniqueCounter uniques, String uniqueMetadataKey) {
        this.counters = counters;
        this.uniques = uniques;
        this.uniqueMetadataKey = uniqueMetadataKey;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("capstan-stats").unstarted(r));
        timer.scheduleWithFixedDelay(this::flushSafely, 1, 1, TimeUnit.SECONDS);
    }

    static String processedName(String queue) {
        return JobStatNames.processed(queue);
    }

    static String failedName(String queue) {
        return JobStatNames.failed(queue);
    }

    static String uniqueName(String type, String metadataKey) {
        return JobStatNames.unique(type, metadataKey);
    }

    void processed(String queue, String type, Map<String, String> metadata) {
        adders(queue)[0].increment();
        remember(type, metadata);
    }

    void failed(String queue, String type, Map<String, String> metadata) {
        adders(queue)[1].increment();
        remember(type, metadata);
    }

    /** The processed and failed adders of a queue, found without building a name per job. */
    private LongAdder[] adders(String queue) {
        LongAdder[] pair = byQueue.get(queue);
        if (pair == null) {
            pair = byQueue.computeIfAbsent(queue, q -> new LongAdder[] {
                    counts.computeIfAbsent(processedName(q), k -> new LongAdder()),
                    counts.computeIfAbsent(failedName(q), k -> new LongAdder())});
        }
        return pair;
    }

    private void remember(String type, Map<String, String> metadata) {
        if (uniqueMetadataKey != null) {
            String value = metadata.get(uniqueMetadataKey);
            if (value != null) {
                seen.computeIfAbsent(uniqueName(type, uniqueMetadataKey), k -> ConcurrentHashMap.newKeySet()).add(value);
            }
        }
    }

    void flush() {
        Map<String, Long> toSend = new HashMap<>();
        counts.forEach((name, adder) -> {
            long n = adder.sumThenReset();
            if (n > 0) {
                toSend.put(name, n);
            }
        });
        for (Map.Entry<String, Long> e : toSend.entrySet()) {
            try {
                counters.increment(e.getKey(), e.getValue());
            } catch (RuntimeException failure) {
                counts.computeIfAbsent(e.getKey(), k -> new LongAdder()).add(e.getValue()); // sent with the next flush
                throw failure;
            }
        }
        for (Map.Entry<String, Set<String>> e : seen.entrySet()) {
            Set<String> values = new HashSet<>(e.getValue());
            e.getValue().removeAll(values);
            if (!values.isEmpty()) {
                uniques.addAll(e.getKey(), values);
            }
        }
    }

    /** On the timer: flushes unless backing off after a failure (counts are kept for the next flush). */
    private void flushSafely() {
        if (System.nanoTime() - nextTryNanos < 0) {
            return;
        }
        try {
            flush();
            backoff.succeeded();
        } catch (RuntimeException e) {
            nextTryNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff.failed(e));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!backoff.inOutage()) { // no last try against a Redis known to be away: the counts are best effort
            try {
                flush();
            } catch (RuntimeException e) {
                log.debug("last statistics flush failed: {}", e.toString());
            }
        }
    }
}
