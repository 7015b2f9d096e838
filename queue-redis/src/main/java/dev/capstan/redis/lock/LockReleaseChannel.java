package dev.capstan.redis.lock;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.pubsub.Subscription;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The pub/sub side of the locks of one namespace: one {@link Subscription} (a daemon thread and a
 * connection of its own) to one channel on which every release publishes the lock's name, and wakes
 * the local waiters of that lock.
 *
 * <p>Trade-offs: one connection for all locks of the namespace (instead of one subscription per
 * lock) means every process also hears releases of locks it does not wait for; the messages are
 * small and filtered locally. Pub/sub is fire-and-forget, so a message can be lost (connection
 * drop, failover): nothing depends on it for correctness. Waiters always also re-check on a timer,
 * and after every resubscription all waiters are woken to re-check, since messages may have been
 * missed meanwhile. The subscription stays up while idle (it is pinged) and reconnects on its own
 * when the server goes away; see {@link Subscription}.
 */
public final class LockReleaseChannel implements AutoCloseable {
    private final UnifiedJedis redis;
    private final String channel;
    private final Map<String, Set<Watch>> watches = new ConcurrentHashMap<>();
    private final Object monitor = new Object();
    private Subscription subscription; // guarded by monitor
    private boolean closed; // guarded by monitor
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
     * {@code lockName} is released, and once after every resubscription. Starts the subscriber
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
    public boolean awaitSubscribed(Duration timeout) throws InterruptedException {
        Subscription s = start();
        return s.awaitSubscribed(timeout);
    }

    /** How many times the subscription was (re)established (tests). */
    long subscriptions() {
        return subscriptions.get();
    }

    /** The subscription, once started (tests and health). */
    public Subscription subscription() {
        synchronized (monitor) {
            return subscription;
        }
    }

    int watchCount(String lockName) {
        Set<Watch> set = watches.get(lockName);
        return set == null ? 0 : set.size();
    }

    private Subscription start() {
        synchronized (monitor) {
            if (closed) {
                throw new IllegalStateException("lock release channel " + channel + " is closed");
            }
            if (subscription == null) {
                subscription = Subscription.start(redis, "capstan-lock-pubsub", new Subscription.Listener() {
                    @Override
                    public void subscribed(boolean resubscribed) {
                        subscriptions.incrementAndGet();
                        // releases published while we were not subscribed are lost: let every waiter re-check
                        notifyAllWatches();
                    }

                    @Override
                    public void message(String fromChannel, String lockName) {
                        notifyWatches(lockName);
                    }
                }, channel);
            }
            return subscription;
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
            LoggerFactory.getLogger(LockReleaseChannel.class).warn("lock release callback for {} failed", watch.lockName, e);
        }
    }

    /** Stops the subscription and closes its connection. Waiters fall back to their timers. */
    @Override
    public void close() {
        Subscription s;
        synchronized (monitor) {
            if (closed) {
                return;
            }
            closed = true;
            s = subscription;
        }
        if (s != null) {
            s.close();
        }
    }
}
