package dev.capstan.redis.outage;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;

/**
 * What one background loop that talks to Redis does when its calls fail: wait longer after each
 * failure (from {@link #MIN} doubling to {@link #MAX}, each wait a random point between half and all
 * of it, so that the loops of many workers do not hit a recovering server in step), and log the outage
 * twice only ({@link OutageLog}): a WARN when the first call fails, an INFO with its length when a call
 * succeeds again. One instance per loop: the delay is not thread-safe (the log is).
 *
 * <pre>{@code
 * OutageBackoff backoff = new OutageBackoff("heartbeat of worker w1", log);
 * while (running) {
 *     try {
 *         beat();
 *         backoff.succeeded();
 *         sleep(interval);
 *     } catch (RuntimeException e) {
 *         backoff.pause(e);
 *     }
 * }
 * }</pre>
 */
public final class OutageBackoff {
    public static final Duration MIN = Duration.ofMillis(100);
    public static final Duration MAX = Duration.ofSeconds(5);

    private final OutageLog log;
    private final long minMs;
    private final long maxMs;
    private long failures;

    public OutageBackoff(String loop, Logger log) {
        this(new OutageLog(loop, log), MIN, MAX);
    }

    public OutageBackoff(OutageLog log, Duration min, Duration max) {
        this.log = log;
        this.minMs = Math.max(1, min.toMillis());
        this.maxMs = Math.max(minMs, max.toMillis());
    }

    /** Records a failed call and returns how long to wait before the next, in ms. */
    public long failed(Throwable e) {
        failures++;
        log.failed(e, "retrying with backoff up to " + maxMs + " ms");
        return delayMs(failures);
    }

    /** {@link #failed} and then waits; returns false if the thread was interrupted while waiting. */
    public boolean pause(Throwable e) {
        long waitMs = failed(e);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(waitMs));
        return !Thread.currentThread().isInterrupted();
    }

    /** Records a successful call: ends the outage (one INFO line with its length) if one was going on. */
    public void succeeded() {
        if (failures > 0) {
            failures = 0;
            log.succeeded();
        }
    }

    /** Whether the last call failed. */
    public boolean inOutage() {
        return failures > 0;
    }

    /** Failed calls in a row (0 after a success). */
    public long failures() {
        return failures;
    }

    /** The jittered wait after {@code failures} failures in a row: half to all of min x 2^(failures-1), capped. */
    public long delayMs(long failures) {
        return delayMs(failures, minMs, maxMs);
    }

    /**
     * The policy itself, for a loop that waits its own way (e.g. on a latch it can be woken from):
     * half to all of {@code minMs} x 2^(failures-1), capped at {@code maxMs}.
     */
    public static long delayMs(long failures, long minMs, long maxMs) {
        long ceiling = Math.min(maxMs, minMs << Math.min(Math.max(0, failures - 1), 30));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling - ceiling / 2 + 1);
    }
}
