package dev.capstan.redis.lock;

import dev.capstan.redis.PubSubs;
import dev.capstan.redis.Namespace;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * The pub/sub side of the locks of one namespace: a single daemon thread holds one connection
 * subscribed to one channel on which every release publishes the lock's name, and wakes the local
 * waiters of that lock.
 *
 * <p>Trade-offs: one connection for all locks of the namespace (instead of one subscription per
 * lock) means every process also hears releases of locks it does not wait for; the messages are
 * small and filtered locally. Pub/sub is fire-and-forget, so a message can be lost (connection
 * drop, failover): nothing depends on it for correctness. Waiters always also re-check on a timer,
 * and after every (re)subscription all waiters are woken to re-check, since messages may have been
 * missed meanwhile. The subscription reconnects with backoff when its connection drops.
 * A half-open connection (peer gone without a reset) is not detected, because Jedis subscribes with
 * an infinite socket timeout; waiters then fall back to their timers.
 */
public final class LockReleaseChannel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LockReleaseChannel.class);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final UnifiedJedis redis;
    private final String channel;
    private final Map<String, Set<Watch>> watches = new ConcurrentHashMap<>();
    private final Object monitor = new Object();
    private Thread thread;
    private JedisPubSub current;
    private boolean subscribed;
    private volatile boolean closed;
    private final AtomicLong subscriptions = new AtomicLong();

    public LockReleaseChannel(UnifiedJedis redis, Namespace ns) {
        this.redis = redis;
        this.channel = ns.plain("lock", "released");
    }

    /** The pub/sub channel release scripts publish on (message: the lock name). */
    public String channel() {
        return channel;
    }

    /** A registration that runs its callback on every release of one lock, until closed. */
    public final class Watch implements AutoCloseable {
        private final String lockName;
        private final Runnable onRelease;

        private Watch(String lockName, Runnable onRelease) {
            this.lockName = lockName;
            this.onRelease = onRelease;
        }

        @Override
        public void close() {
            watches.computeIfPresent(lockName, (name, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /**
     * Runs {@code onRelease} (on the subscriber thread: it must be quick and not block) whenever
     * {@code lockName} is released, and once after every (re)subscription. Starts the subscriber
     * on first use.
     */
    Watch watch(String lockName, Runnable onRelease) {
        Watch watch = new Watch(lockName, onRelease);
        watches.computeIfAbsent(lockName, name -> ConcurrentHashMap.newKeySet()).add(watch);
        start();
        return watch;
    }

    /**
     * Waits until the subscription is active, so that a release after this call is heard.
     * Returns false on timeout (Redis unreachable): callers then rely on their re-check timer.
     */
    boolean awaitSubscribed(Duration timeout) throws InterruptedException {
        start();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (!subscribed && !closed) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    return false;
                }
                monitor.wait(leftMs);
            }
            return subscribed;
        }
    }

    /** How many times the subscription was (re)established (tests). */
    long subscriptions() {
        return subscriptions.get();
    }

    int watchCount(String lockName) {
        Set<Watch> set = watches.get(lockName);
        return set == null ? 0 : set.size();
    }

    private void start() {
        synchronized (monitor) {
            if (closed) {
                throw new IllegalStateException("lock release channel " + channel + " is closed");
            }
            if (thread == null) {
                thread = new Thread(this::run, "capstan-lock-pubsub");
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    private void run() {
        long backoffMs = MIN_BACKOFF_MS;
        while (!closed) {
            Listener listener = new Listener();
            synchronized (monitor) {
                if (closed) {
                    break;
                }
                current = listener;
            }
            try {
                redis.subscribe(listener, channel); // blocks until unsubscribed or the connection drops
                backoffMs = MIN_BACKOFF_MS;
            } catch (RuntimeException e) {
                if (closed) {
                    break;
                }
                if (clientClosed(e)) {
                    log.debug("client of lock channel {} closed; subscriber stops", channel);
                    break;
                }
                log.warn("lock channel {} subscription lost ({}); reconnecting in {} ms", channel, e.toString(), backoffMs);
            } finally {
                setSubscribed(false);
            }
            if (!pause(backoffMs)) {
                break;
            }
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }
        setSubscribed(false);
    }

    /** A closed pool answers with IllegalStateException("Pool not open") somewhere in the cause chain. */
    private static boolean clientClosed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalStateException) {
                return true;
            }
        }
        return false;
    }

    private boolean pause(long ms) {
        synchronized (monitor) {
            if (closed) {
                return false;
            }
            try {
                monitor.wait(ms);
            } catch (InterruptedException e) {
                return false;
            }
            return !closed;
        }
    }

    private void setSubscribed(boolean value) {
        synchronized (monitor) {
            subscribed = value;
            monitor.notifyAll();
        }
    }

    private void notifyWatches(String lockName) {
        Set<Watch> set = watches.get(lockName);
        if (set != null) {
            set.forEach(LockReleaseChannel::fire);
        }
    }

    private void notifyAllWatches() {
        watches.values().forEach(set -> set.forEach(LockReleaseChannel::fire));
    }

    private static void fire(Watch watch) {
        try {
            watch.onRelease.run();
        } catch (RuntimeException e) {
            log.warn("lock release callback for {} failed", watch.lockName, e);
        }
    }

    private final class Listener extends JedisPubSub {
        @Override
        public void onSubscribe(String subscribedChannel, int count) {
            if (closed) {
                PubSubs.unsubscribeOnce(this);
                return;
            }
            subscriptions.incrementAndGet();
            setSubscribed(true);
            // releases published while we were not subscribed are lost: let every waiter re-check
            notifyAllWatches();
        }

        @Override
        public void onMessage(String fromChannel, String lockName) {
            notifyWatches(lockName);
        }
    }

    /** Stops the subscriber thread and returns its connection. Waiters fall back to their timers. */
    @Override
    public void close() {
        Thread running;
        JedisPubSub listener;
        synchronized (monitor) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
            listener = current;
            monitor.notifyAll();
        }
        if (listener != null && listener.isSubscribed()) {
            try {
                PubSubs.unsubscribeOnce(listener);
            } catch (RuntimeException e) {
                log.debug("unsubscribe from {} failed", channel, e);
            }
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
