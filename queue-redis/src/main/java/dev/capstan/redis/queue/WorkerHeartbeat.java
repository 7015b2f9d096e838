package dev.capstan.redis.queue;

import dev.capstan.redis.presence.Presence;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
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
 */
public final class WorkerHeartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerHeartbeat.class);

    private final Presence presence;
    private final String workerId;
    private final Duration interval;
    private final Duration ttl;
    private final Supplier<Map<String, String>> info;
    private ScheduledExecutorService timer;

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
    }

    /** Beats once now (so the worker is alive before it fetches anything), then every interval. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        presence.heartbeat(workerId, ttl, info.get());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capstan-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
            try {
                presence.leave(workerId);
            } catch (RuntimeException e) {
                log.warn("worker {} could not leave the presence group: {}", workerId, e.toString());
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void beat() {
        try {
            presence.heartbeat(workerId, ttl, info.get());
        } catch (RuntimeException e) {
            log.warn("worker {} heartbeat failed (will retry): {}", workerId, e.toString());
        }
    }
}
