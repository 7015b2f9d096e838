package dev.capstan.scheduler;

import dev.capstan.api.JobCodec;
import dev.capstan.redis.outage.OutageBackoff;
import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.QueueSettings;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Enqueues the jobs of periodic schedules (stored with {@link ScheduleAdmin}) at their ticks.
 *
 * <p><b>Exactly once per tick, with any number of schedulers.</b> Every scheduler computes the same
 * ticks (they depend only on the trigger) and fires each with one script that sets a per-tick key
 * (SET NX, with an expiry) and enqueues the job only if it set it, and raises the schedule's
 * "covered" watermark so that no tick at or before it can fire again even after its key expired.
 * Schedulers may start, stop or die at any moment without a tick firing twice; a tick is missed
 * only if no scheduler fires it within the misfire threshold. Time is the Redis server's
 * ({@link ServerClock}), so processes with skewed clocks agree on when a tick is due.
 *
 * <p><b>Misfires.</b> Ticks more than {@link SchedulerOptions#misfireThreshold} late (no scheduler
 * was running, Redis was down) are not fired one by one: with {@link MisfirePolicy#SKIP} they are
 * dropped, with {@link MisfirePolicy#RUN_ONCE} one catch-up job (metadata {@code capstan.catchUp})
 * stands for all of them. Time before a schedule was added or last enabled is never caught up.
 *
 * <p>Jobs carry metadata {@code capstan.schedule} (the id) and {@code capstan.tick} (the tick, epoch
 * ms), so a consumer can measure how late a run started. Every scheduler process does the work;
 * {@link SchedulerOptions#shouldRun} lets a leader election switch the others off later.
 */
public final class PeriodicScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeriodicScheduler.class);

    private final ScheduleStore store;
    private final SchedulerOptions options;
    private final ServerClock clock;
    private final Thread loop;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    /** Per schedule id: every tick at or before this was fired or skipped (as far as this process knows). */
    private final Map<String, Long> cursors = new HashMap<>();
    private volatile boolean running;
    private volatile boolean started;

    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong fired = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    public PeriodicScheduler(UnifiedJedis redis, QueueSettings settings, JobCodec codec, SchedulerOptions options) {
        QueueBroker broker = new QueueBroker(redis, settings);
        this.store = new ScheduleStore(redis, broker, codec);
        this.options = options;
        this.clock = new ServerClock(redis, store.definitionsKey(), 30_000);
        this.loop = Thread.ofPlatform().daemon().name("capstan-periodic-scheduler").unstarted(this::run);
    }

    public synchronized PeriodicScheduler start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        running = true;
        loop.start();
        return this;
    }

    /** Stops the loop; a tick being fired completes (it is one atomic script). */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Completed passes over all schedules (tests wait on it). */
    public long passes() {
        return passes.get();
    }

    /** Jobs this process enqueued (ticks it won). */
    public long fired() {
        return fired.get();
    }

    public long errors() {
        return errors.get();
    }

    private void run() {
        OutageBackoff backoff = new OutageBackoff("periodic scheduler", log);
        while (running) {
            long wakeAt;
            try {
                wakeAt = pass();
                backoff.succeeded();
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                // Jittered backoff, the outage logged once; missed ticks are handled by the misfire policy.
                wakeAt = clock.nowMillis() + Math.min(backoff.failed(e), Math.max(1, options.maxSleep().toMillis()));
            }
            sleepUntilServerTime(wakeAt);
        }
    }

    /** Fires what is due; returns the server time of the next tick (or of the next look). */
    long pass() {
        long now = clock.nowMillis();
        long next = now + options.maxSleep().toMillis();
        if (options.shouldRun().getAsBoolean()) {
            Map<String, PeriodicSchedule> schedules = store.all();
            cursors.keySet().retainAll(schedules.keySet());
            for (PeriodicSchedule s : schedules.values()) {
                if (!s.enabled() || !running) {
                    cursors.remove(s.id()); // re-read the state when it is enabled again
                    continue;
                }
                Instant due = evaluate(s, now);
                if (due != null) {
                    next = Math.min(next, due.toEpochMilli());
                }
            }
        }
        passes.incrementAndGet();
        return next;
    }

    /** Fires the due ticks of one schedule; returns its next tick. */
    private Instant evaluate(PeriodicSchedule s, long now) {
        Long known = cursors.get(s.id());
        long cursor = known == null ? cursorFromState(s, now) : known;
        Instant first = s.trigger().nextAfter(Instant.ofEpochMilli(cursor));
        if (first == null || first.toEpochMilli() > now) {
            cursors.put(s.id(), cursor);
            return first;
        }
        // Something is due: another scheduler may have fired it already; its watermark tells.
        cursor = Math.max(cursor, cursorFromState(s, now));
        first = s.trigger().nextAfter(Instant.ofEpochMilli(cursor));
        long missedUntil = now - options.misfireThreshold().toMillis();
        if (first != null && first.toEpochMilli() <= missedUntil) {
            if (s.misfirePolicy() == MisfirePolicy.RUN_ONCE) {
                // Keyed by the first missed tick: every scheduler that read the same state agrees on it.
                fire(s, first.toEpochMilli(), missedUntil, true);
            }
            cursor = missedUntil;
        }
        Instant tick = s.trigger().nextAfter(Instant.ofEpochMilli(cursor));
        while (tick != null && tick.toEpochMilli() <= now && running) {
            fire(s, tick.toEpochMilli(), tick.toEpochMilli(), false);
            cursor = tick.toEpochMilli();
            tick = s.trigger().nextAfter(tick);
        }
        cursors.put(s.id(), cursor);
        return tick;
    }

    private long cursorFromState(PeriodicSchedule s, long now) {
        long c = store.state(s).cursor();
        return c == 0 ? now : c; // no recorded state: start from now, catch nothing up
    }

    private void fire(PeriodicSchedule s, long tick, long covers, boolean catchUp) {
        if (store.fire(s, tick, covers, catchUp, options.tickKeyTtl()).isPresent()) {
            fired.incrementAndGet();
        }
    }

    private void sleepUntilServerTime(long serverMillis) {
        long localTarget = clock.toLocal(serverMillis);
        lock.lock();
        try {
            while (running) {
                long wait = localTarget - System.currentTimeMillis();
                if (wait <= 0) {
                    break;
                }
                wake.await(wait, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }
}
