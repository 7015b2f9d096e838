package dev.capstan.redis.lifecycle;

import dev.capstan.api.LogText;
import dev.capstan.redis.outage.OutageLog;
import dev.capstan.redis.outage.RedisFailures;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * Background component (run by the leader) that finishes the bookkeeping a process left half-done
 * when it died: outbox entries older than {@code minAge} (their worker would have carried them out
 * within milliseconds) and batch callbacks fired but not confirmed. Every step it repeats is
 * idempotent, so racing a slow worker changes nothing.
 */
public final class LifecycleSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LifecycleSweeper.class);
    private static final int SCAN_COUNT = 200;
    private static final int BATCHES_PER_PASS = 500;

    private final LifecycleBroker broker;
    private final OutboxRelay relay;
    private final BatchCallbacks callbacks;
    private final long minAgeMs;
    private final OutageLog outage = new OutageLog("lifecycle sweeper", log);
    private final Set<String> reportedErrors = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService timer;

    LifecycleSweeper(LifecycleBroker broker, OutboxRelay relay, BatchCallbacks callbacks, Duration minAge) {
        this.broker = broker;
        this.relay = relay;
        this.callbacks = callbacks;
        this.minAgeMs = minAge.toMillis();
    }

    /** Sweeps every {@code interval} on a background thread until {@link #stop()}. */
    public synchronized void start(Duration interval) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("capstan-lifecycle-sweeper").factory());
        timer.scheduleWithFixedDelay(this::sweepSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** One pass; returns how many outbox entries it carried out. */
    public long sweepOnce() {
        long carried = 0;
        long now = System.currentTimeMillis();
        for (String queue : broker.queues().queues()) {
            try {
                carried += sweepQueue(queue, now);
            } catch (JedisDataException e) {
                if (RedisFailures.isTransient(e)) {
                    throw e; // LOADING, READONLY...: the whole pass fails and is tried again
                }
                // A key of the wrong type in this queue (the scripts wrote nothing) must not stop the others.
                if (reportedErrors.size() < 1000 && reportedErrors.add(String.valueOf(e.getMessage()))) {
                    log.error("lifecycle sweeper skips queue {} until it is repaired: {} (logged once)",
                            LogText.escape(queue), LogText.escape(e.getMessage()));
                }
            }
        }
        for (Tuple batch : broker.activeBatches(BATCHES_PER_PASS)) {
            callbacks.check(batch.getElement());
        }
        return carried;
    }

    private long sweepQueue(String queue, long now) {
        long carried = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<Map.Entry<String, String>> page = broker.outbox(queue, cursor, SCAN_COUNT);
            for (Map.Entry<String, String> e : page.getResult()) {
                if (now - at(e.getValue()) >= minAgeMs) {
                    relay.process(queue, e.getKey(), e.getValue());
                    carried++;
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return carried;
    }

    private void sweepSafely() {
        try {
            long carried = sweepOnce();
            outage.succeeded();
            if (carried > 0) {
                log.info("lifecycle sweeper carried out {} outbox entr{} left by workers that stopped half-way",
                        carried, carried == 1 ? "y" : "ies");
            }
        } catch (RuntimeException e) {
            // Logged once per outage (WARN), and once when it works again (INFO), as the reaper does.
            outage.failed(e, "it tries again each interval");
        }
    }

    private static long at(String entry) {
        try {
            return OutboxEntry.parse(entry).at();
        } catch (IllegalArgumentException e) {
            return 0; // unreadable: old enough to be dealt with (the relay drops it with a log line)
        }
    }
}
