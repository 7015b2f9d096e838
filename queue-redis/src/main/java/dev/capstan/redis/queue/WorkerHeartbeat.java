package dev.capstan.redis.queue;

import dev.capstan.redis.outage.OutageBackoff;
import dev.capstan.redis.presence.Presence;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background component that keeps one worker marked alive in the "workers" presence group,
 * refreshing every {@code interval} with a time to live of {@code ttl}. A worker that stops
 * refreshing (killed, frozen, cut off) is dead once the ttl passes, and the reaper returns its jobs.
 * A clean {@link #stop()} leaves the group at once.
 *
 * <p>A failed beat (Redis away) is tried again sooner, after a jittered backoff that never exceeds the
 * interval; the outage is logged once when it starts and once when it ends. After every successful
 * beat the {@link Listener} hears whether the worker had <em>lapsed</em>: its previous expiry had passed
 * by the server clock (it was frozen, or cut off, past its ttl), or it was missing from the group, or no
 * beat had succeeded for a whole ttl by the local clock. A lapsed worker may have had its jobs returned
 * by the reaper while it still ran them: the worker fences those copies off (see the worker runtime).
 */
public final class WorkerHeartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerHeartbeat.class);

    /** Told after each successful beat, on the heartbeat thread (keep it short: one or two round trips). */
    @FunctionalInterface
    public interface Listener {
        void beaten(boolean lapsed);
    }

    private final Presence presence;
    private final String workerId;
    private final Duration interval;
    private final Duration ttl;
    private final Supplier<Map<String, String>> info;
    private final OutageBackoff backoff;
    private volatile Listener listener = lapsed -> { };
    private ScheduledExecutorService timer;
    private volatile long lastSuccessNanos;
    private volatile boolean beating;

    public WorkerHeartbeat(Presence presence, String workerId, Duration interval, Duration ttl,
                           Supplier<Map<String, String>> info) {
        if (ttl.compareTo(interval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("heartbeat ttl " + ttl + " must be at least twice the interval "
                    + interval + ", or one late beat would declare a live worker dead");
        }
        this.presence = presence;
        this.workerId = workerId;
        this.interval = interval;
        this.ttl = ttl;
        this.info = info;
        this.backoff = new OutageBackoff(new dev.capstan.redis.outage.OutageLog("heartbeat of worker " + workerId, log),
                OutageBackoff.MIN, interval);
    }

    /** Who hears about each successful beat. */
    public WorkerHeartbeat listener(Listener listener) {
        this.listener = listener;
        return this;
    }

    /** Beats once now (so the worker is alive before it fetches anything), then every interval. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        presence.beat(workerId, ttl, info.get());
        lastSuccessNanos = System.nanoTime();
        beating = true;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capstan-heartbeat");
            t.setDaemon(true);
            return t;
        });
        schedule(interval.toMillis());
    }

    /** Stops beating and leaves the group at once: the worker is gone, nothing of its jobs is left. */
    public synchronized void stop() {
        if (stopBeating()) {
            try {
                presence.leave(workerId);
            } catch (RuntimeException e) {
                log.warn("worker {} could not leave the presence group (it expires within {}): {}", workerId, ttl,
                        e.toString());
            }
        }
    }

    /**
     * Stops beating without leaving the group: the worker's presence expires after its ttl, and only
     * then does the reaper return what is left in its processing lists (a job whose thread would not
     * stop must not be run elsewhere while it may still run here). Returns false if it was not beating.
     */
    public synchronized boolean stopBeating() {
        if (timer == null) {
            return false;
        }
        beating = false;
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer = null;
        return true;
    }

    @Override
    public void close() {
        stop();
    }

    /** The ttl other processes judge this worker by. */
    public Duration ttl() {
        return ttl;
    }

    private void schedule(long delayMs) {
        ScheduledExecutorService current = timer;
        if (current == null || !beating) {
            return;
        }
        try {
            current.schedule(this::beat, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopped meanwhile
        }
    }

    private void beat() {
        if (!beating) {
            return;
        }
        long next = interval.toMillis();
        try {
            long sentNanos = System.nanoTime();
            boolean silentTooLong = sentNanos - lastSuccessNanos > ttl.toNanos();
            Presence.Beat beat = presence.beat(workerId, ttl, info.get());
            lastSuccessNanos = sentNanos;
            backoff.succeeded();
            boolean lapsed = silentTooLong || beat.lapsedSince() || beat.wasAbsent();
            if (lapsed) {
                log.warn("worker {}: its heartbeat had lapsed ({}); checking which of its jobs were taken over",
                        workerId, beat.wasAbsent() ? "it was no longer in the presence group"
                                : "silent for longer than its ttl of " + ttl.toMillis() + " ms");
            }
            try {
                listener.beaten(lapsed);
            } catch (RuntimeException e) {
                log.warn("worker {}: heartbeat listener failed: {}", workerId, e.toString());
            }
        } catch (RuntimeException e) {
            next = Math.min(next, backoff.failed(e)); // try again sooner, so a short outage costs no liveness
        }
        schedule(next);
    }
}
