package dev.capstan.scheduler;

import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.QueueBroker.PromotionResult;
import dev.capstan.redis.queue.QueueKeys;
import dev.capstan.redis.queue.QueueSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import dev.capstan.redis.outage.OutageBackoff;
import dev.capstan.redis.outage.OutageLog;
import dev.capstan.redis.outage.RedisFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Moves due delayed jobs and retries from each queue's scheduled set into the queue.
 *
 * <p>It does not poll at a fixed rate: after each pass it sleeps until the earliest run-at still
 * scheduled (returned by the promotion script itself, so no extra round trip), converted to the
 * local clock with {@link ServerClock}. Producers PUBLISH the earliest run-at of what they schedule
 * ({@link QueueKeys#scheduledWakeupChannel}); a subscriber thread wakes the promoter when that is
 * earlier than its sleep target. As a safety net (lost messages, retries written by workers without
 * a message, a reconnecting subscriber) it never sleeps longer than {@link PromoterOptions#maxSleep}.
 * A job is typically promoted within a few milliseconds of its run-at.
 *
 * <p>Any number of promoters may run against the same queues: each promotion is one atomic script,
 * so a job is moved exactly once whoever moves it. Running several only buys availability.
 *
 * <p>Uses one connection of its own for the subscription (a {@code Subscription}, held for the
 * promoter's life) and short calls on pooled ones. {@link #close()} stops both threads.
 */
public final class ScheduledJobPromoter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScheduledJobPromoter.class);
    private static final long NO_WAKEUP = Long.MAX_VALUE;

    private final QueueBroker broker;
    private final PromoterOptions options;
    private final ServerClock clock;
    private final WakeupSubscriber subscriber;
    private final Thread loop;
    private final Set<String> queues = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    /** Earliest local time announced since the current pass began (guarded by {@link #lock}). */
    private long announcedLocal = NO_WAKEUP;
    /** The local time the loop sleeps toward (guarded by {@link #lock}). */
    private long sleepTarget = NO_WAKEUP;
    private volatile long lastRegistryRead; // 0 = never, or stale: the next pass reads it
    private volatile boolean running;
    private volatile boolean started;

    private final AtomicLong promoted = new AtomicLong();
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong earlyWakeups = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Set<String> reportedErrors = ConcurrentHashMap.newKeySet();

    public ScheduledJobPromoter(UnifiedJedis redis, QueueSettings settings, PromoterOptions options) {
        this.broker = new QueueBroker(redis, settings);
        this.options = options;
        String channel = QueueKeys.scheduledWakeupChannel(settings.namespace());
        this.clock = new ServerClock(redis, channel, 30_000);
        this.queues.addAll(options.queues());
        this.subscriber = new WakeupSubscriber(redis, channel, "capstan-promoter-wakeups",
                this::onAnnouncement, this::missedAnnouncements);
        this.loop = Thread.ofPlatform().daemon().name("capstan-promoter").unstarted(this::run);
    }

    /** Starts the subscriber and the promotion loop. */
    public synchronized ScheduledJobPromoter start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        running = true;
        subscriber.start();
        loop.start();
        return this;
    }

    /** Stops both threads; a promotion in progress completes (it is one atomic script). */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        subscriber.close();
        wakeNow();
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

    public PromoterStats stats() {
        return new PromoterStats(promoted.get(), passes.get(), earlyWakeups.get(), errors.get(), clock.offsetMillis());
    }

    /** Runs one pass over every queue now, on the caller's thread; returns the jobs moved. */
    public long promoteOnce() {
        long before = promoted.get();
        pass();
        return promoted.get() - before;
    }

    private void run() {
        OutageBackoff backoff = new OutageBackoff(new OutageLog("promoter of scheduled jobs", log), OutageBackoff.MIN,
                OutageBackoff.MAX.compareTo(options.maxSleep()) < 0 ? OutageBackoff.MAX : options.maxSleep());
        while (running) {
            long target;
            try {
                target = pass();
                backoff.succeeded();
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                target = System.currentTimeMillis() + backoff.failed(e);
            }
            sleepUntil(target);
        }
    }

    /** One pass over all queues; returns the local time to wake for the next pass. */
    private long pass() {
        lock.lock();
        try {
            announcedLocal = NO_WAKEUP; // announcements from now on count for the next sleep
        } finally {
            lock.unlock();
        }
        long moved = 0;
        long nextDueServer = NO_WAKEUP;
        for (String queue : queuesToPromote()) {
            PromotionResult r;
            try {
                do {
                    r = broker.promoteDue(queue, options.batchSize());
                    moved += r.moved();
                } while (r.moved() == options.batchSize() && running);
            } catch (JedisDataException e) {
                if (RedisFailures.isTransient(e)) {
                    throw e;
                }
                // A key of the wrong type in this queue: the script moved nothing; the other queues go on.
                errors.incrementAndGet();
                if (reportedErrors.size() < 1000 && reportedErrors.add(String.valueOf(e.getMessage()))) {
                    log.error("promoter skips queue {} until it is repaired: {} (logged once)", queue, e.getMessage());
                }
                continue;
            }
            if (r.nextDueAt() >= 0) {
                nextDueServer = Math.min(nextDueServer, r.nextDueAt());
            }
        }
        promoted.addAndGet(moved);
        passes.incrementAndGet();
        long now = System.currentTimeMillis();
        long target = now + options.maxSleep().toMillis();
        if (nextDueServer != NO_WAKEUP) {
            long due = clock.toLocal(nextDueServer);
            // Nothing moved but something looks due: our clock estimate is a little ahead of the
            // server's; wait a millisecond instead of spinning.
            target = Math.min(target, moved == 0 ? Math.max(due, now + 1) : due);
        }
        return target;
    }

    private void sleepUntil(long target) {
        lock.lock();
        try {
            sleepTarget = target;
            while (running) {
                long until = Math.min(sleepTarget, announcedLocal);
                long now = System.currentTimeMillis();
                // Compare before subtracting: "wake now" is Long.MIN_VALUE, and MIN_VALUE - now overflows
                // into a huge positive wait (the promoter then slept until the next announcement).
                if (until <= now) {
                    break;
                }
                wake.await(until - now, TimeUnit.MILLISECONDS);
            }
            sleepTarget = NO_WAKEUP;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private List<String> queuesToPromote() {
        if (options.queues().isEmpty()) {
            long now = System.currentTimeMillis();
            if (now - lastRegistryRead >= options.registryRefresh().toMillis()) {
                queues.addAll(broker.queues());
                lastRegistryRead = now;
            }
        }
        return new ArrayList<>(queues);
    }

    /** A producer scheduled a job: "queue runAt". */
    private void onAnnouncement(String message) {
        int space = message.indexOf(' ');
        if (space < 0) {
            return;
        }
        String queue = message.substring(0, space);
        if (!dev.capstan.api.QueueNames.isValidQueue(queue)) {
            return; // anyone can publish on the channel: a bad name must not break every later pass
        }
        long runAt = Long.parseLong(message.substring(space + 1));
        if (!queues.contains(queue)) {
            if (!options.queues().isEmpty()) {
                return; // not one of ours
            }
            queues.add(queue);
        }
        long local = clock.toLocal(runAt);
        lock.lock();
        try {
            boolean earlier = local < Math.min(sleepTarget, announcedLocal);
            announcedLocal = Math.min(announcedLocal, local);
            if (earlier) {
                earlyWakeups.incrementAndGet();
                wake.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The subscriber (re)subscribed and may have missed announcements, some naming a queue this
     * promoter does not know yet (a producer registers a new queue just before it announces it): read
     * the registry again on a pass now, rather than at the next refresh seconds later.
     */
    private void missedAnnouncements() {
        lastRegistryRead = 0;
        wakeNow();
    }

    /** Wake at once: stopping, or the subscriber reconnected and may have missed messages. */
    private void wakeNow() {
        lock.lock();
        try {
            announcedLocal = Long.MIN_VALUE;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
