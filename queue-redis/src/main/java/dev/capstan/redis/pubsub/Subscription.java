package dev.capstan.redis.pubsub;

import dev.capstan.api.LogText;
import dev.capstan.redis.outage.OutageBackoff;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * A pub/sub subscription that lives until it is closed or the server really goes away, and comes
 * back on its own when the server does. Every Capstan subscriber (flag invalidations, lock releases,
 * promoter wake-ups, live status) is one of these.
 *
 * <ul>
 *   <li><b>Its own connection.</b> Opened for the subscription ({@link DedicatedConnections}), never
 *       taken from or returned to a pool, closed when the subscription ends. (Subscribing on pooled
 *       connections let a late reply, a PONG or an UNSUBSCRIBE reply, become the next command's reply.)</li>
 *   <li><b>Health checked on that connection.</b> A keep-alive goes out every {@link #PING_INTERVAL}
 *       while subscribed (a SUBSCRIBE to a channel it is already on, which the server confirms; see
 *       {@code checkHealth} for why not PING); anything heard (that confirmation or a message) proves
 *       the connection alive. Silence for
 *       {@link #DEAD_AFTER} closes the connection as dead, which ends the blocked read at once. A quiet
 *       channel is therefore never mistaken for a lost one, and a server gone without a reset (half-open
 *       connection) is still noticed. The client's blocking socket timeout (10 s with
 *       {@code RedisConnections}) is longer than the ping interval, so it fires only on a silent server too.</li>
 *   <li><b>Reconnection</b> with jittered exponential backoff ({@link #MIN_BACKOFF} doubling up to
 *       {@link #MAX_BACKOFF}). One WARN when the subscription is lost (or cannot be set up at first),
 *       one INFO when it is back with the outage's length; the attempts in between log at DEBUG.</li>
 *   <li><b>The owner is told</b> ({@link Listener}): messages in order on the subscription's thread;
 *       {@code lost()} when the connection went; {@code subscribed(true)} after a resubscription, when
 *       messages published in between are gone (pub/sub is fire-and-forget) and the owner re-reads
 *       whatever it depends on.</li>
 * </ul>
 */
public final class Subscription implements AutoCloseable {
    /** How often a subscribed connection is checked with a keep-alive. */
    public static final Duration PING_INTERVAL = Duration.ofSeconds(3);
    /** Silence (no PONG, no message) after which the connection is taken for dead. */
    public static final Duration DEAD_AFTER = Duration.ofSeconds(10);
    static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(Subscription.class);
    private static final ScheduledExecutorService HEALTH = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("capstan-pubsub-health").factory());

    /** What a subscription reports to its owner; called on the subscription's thread: keep it short. */
    public interface Listener {
        /** Subscribed: the first time ({@code resubscribed} false) or again after a loss. */
        default void subscribed(boolean resubscribed) {}

        void message(String channel, String message);

        /** The connection is gone; until the next {@code subscribed(true)} messages are missed. */
        default void lost() {}
    }

    private final UnifiedJedis redis;
    private final List<String> channels;
    private final Listener listener;
    private final String description;
    private final Thread thread;
    private final Object lock = new Object();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong resubscriptions = new AtomicLong();
    private final AtomicLong losses = new AtomicLong();
    private static final AtomicLong LOSSES_IN_PROCESS = new AtomicLong();
    private volatile boolean closed;
    private volatile long lastHeardNanos;
    private boolean subscribed; // guarded by lock
    private boolean everSubscribed; // guarded by lock
    private boolean told; // the listener heard subscribed() on the current connection; guarded by lock
    private Connection connection; // guarded by lock
    private Handler current; // guarded by lock
    private ScheduledFuture<?> healthCheck;

    private Subscription(UnifiedJedis redis, List<String> channels, String threadName, Listener listener) {
        this.redis = redis;
        this.channels = List.copyOf(channels);
        this.listener = listener;
        this.description = String.join(",", this.channels);
        this.thread = Thread.ofPlatform().daemon().name(threadName).unstarted(this::run);
    }

    /** Subscribes to {@code channels} on a thread named {@code threadName}; returns at once. */
    public static Subscription start(UnifiedJedis redis, String threadName, Listener listener, String... channels) {
        if (channels.length == 0) {
            throw new IllegalArgumentException("subscribe to at least one channel");
        }
        Subscription s = new Subscription(redis, List.of(channels), threadName, listener);
        s.thread.start();
        s.healthCheck = HEALTH.scheduleWithFixedDelay(s::checkHealth, PING_INTERVAL.toMillis(),
                PING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    /** Waits until the server confirmed the subscription; false on timeout or when closed. */
    public boolean awaitSubscribed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!subscribed && !closed) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    return false;
                }
                try {
                    lock.wait(leftMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return subscribed;
        }
    }

    public boolean isSubscribed() {
        synchronized (lock) {
            return subscribed;
        }
    }

    /** How often the subscription was lost (a connection that had been subscribed went away). */
    public long losses() {
        return losses.get();
    }

    /** Lost subscriptions of every subscription of this process so far (health checks, steady-state tests). */
    public static long lossesInThisProcess() {
        return LOSSES_IN_PROCESS.get();
    }

    /** How often the subscription was set up again after a loss. */
    public long resubscriptions() {
        return resubscriptions.get();
    }

    /** True until {@link #close()} ended the subscription's thread. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    private void run() {
        long attempt = 0;
        while (!closed) {
            Connection conn = null;
            RuntimeException failure = null;
            try {
                conn = DedicatedConnections.open(redis, attempt);
                Handler handler = new Handler();
                synchronized (lock) {
                    if (closed) {
                        break;
                    }
                    connection = conn;
                    current = handler;
                }
                handler.proceed(conn, channels.toArray(String[]::new)); // returns once unsubscribed
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                boolean wasSubscribed;
                synchronized (lock) {
                    wasSubscribed = told;
                    told = false;
                    subscribed = false;
                    connection = null;
                    current = null;
                    lock.notifyAll();
                }
                closeQuietly(conn);
                if (wasSubscribed) {
                    attempt = 0;
                    if (!closed) {
                        losses.incrementAndGet();
                        LOSSES_IN_PROCESS.incrementAndGet();
                        outageStart = System.nanoTime();
                        log.warn("pub/sub subscription to {} lost ({}); reconnecting in the background", description,
                                failure == null ? "the server ended it" : rootMessage(failure));
                        notifyLost();
                    }
                }
            }
            if (closed) {
                break;
            }
            attempt++;
            String why = failure == null ? "the server ended it" : rootMessage(failure);
            if (outageStart == 0) {
                outageStart = System.nanoTime(); // the very first attempt failed
                log.warn("pub/sub subscription to {} could not be set up ({}); retrying in the background", description, why);
            } else {
                log.debug("pub/sub subscription to {}: attempt {} ended ({})", description, attempt, why);
            }
            if (!pause(backoff(attempt))) {
                break;
            }
        }
    }

    /** When the current outage began (System.nanoTime), or 0 while subscribed: for the INFO line. */
    private volatile long outageStart;

    static long backoff(long attempt) {
        return OutageBackoff.delayMs(attempt, MIN_BACKOFF.toMillis(), MAX_BACKOFF.toMillis()); // the outage policy
    }

    private boolean pause(long millis) {
        try {
            return !closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** On the health thread: ping a live subscription, or close a connection that has gone silent. */
    private void checkHealth() {
        synchronized (lock) {
            if (closed || !subscribed || current == null) {
                return;
            }
            long silentNanos = System.nanoTime() - lastHeardNanos;
            if (silentNanos > DEAD_AFTER.toNanos()) {
                log.debug("pub/sub subscription to {}: nothing heard for {} ms; closing its connection",
                        description, silentNanos / 1_000_000);
                closeQuietly(connection); // the blocked read fails at once and the thread reconnects
                return;
            }
            try {
                // SUBSCRIBE again to a channel we are on: the server confirms it (a subscribe reply,
                // handled by onSubscribe) and nothing changes. Not PING: Jedis registers the handler of
                // a PING's reply only after sending it, so a fast PONG can arrive first and end the
                // subscription with "Unexpected message: PONG" (seen under load).
                current.subscribe(channels.get(0));
            } catch (RuntimeException e) {
                log.debug("pub/sub subscription to {}: keep-alive failed ({})", description, e.toString());
            }
        }
    }

    /** Runs the health check now (tests). */
    void checkHealthNow() {
        checkHealth();
    }

    private void notifyLost() {
        try {
            listener.lost();
        } catch (RuntimeException e) {
            log.warn("pub/sub listener of {} failed on a lost connection", description, e);
        }
    }

    /** Unsubscribes, closes the connection and waits (up to 3 s) for the thread to end. */
    @Override
    public void close() {
        Handler handler;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            handler = current;
            lock.notifyAll();
        }
        closing.countDown();
        if (healthCheck != null) {
            healthCheck.cancel(false);
        }
        if (handler != null) {
            try {
                synchronized (lock) {
                    if (handler.isSubscribed()) {
                        handler.unsubscribe();
                    }
                }
            } catch (RuntimeException e) {
                log.debug("unsubscribe from {} failed ({})", description, e.toString());
            }
        }
        join(1_500);
        synchronized (lock) {
            closeQuietly(connection); // not a pooled connection: closing it can only end the read
        }
        join(1_500);
    }

    private void join(long millis) {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection conn) {
        if (conn != null) {
            try {
                conn.close();
            } catch (RuntimeException ignored) {
                // already broken
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e.getClass().getSimpleName() + ": " + root;
    }

    private final class Handler extends JedisPubSub {
        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            lastHeardNanos = System.nanoTime();
            if (subscribedChannels < channels.size()) {
                return; // the others are being confirmed
            }
            boolean resubscribed;
            synchronized (lock) {
                if (told) {
                    return; // the answer to a keep-alive: the connection is alive, nothing else changed
                }
                if (closed) {
                    unsubscribe();
                    return;
                }
                resubscribed = everSubscribed;
                everSubscribed = true;
                told = true;
            }
            long since = outageStart;
            if (since != 0) {
                outageStart = 0;
                log.info("pub/sub subscription to {} {} after {} ms", description,
                        resubscribed ? "restored" : "set up", (System.nanoTime() - since) / 1_000_000);
            }
            if (resubscribed) {
                resubscriptions.incrementAndGet();
            }
            try {
                listener.subscribed(resubscribed); // before awaitSubscribed returns: the owner is ready then
            } catch (RuntimeException e) {
                log.warn("pub/sub listener of {} failed on subscribing", description, e);
            }
            synchronized (lock) {
                subscribed = true;
                lock.notifyAll();
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            lastHeardNanos = System.nanoTime();
            try {
                listener.message(channel, message);
            } catch (RuntimeException e) {
                log.warn("pub/sub listener of {} failed on message '{}'", description, LogText.escape(message), e);
            }
        }

        @Override
        public void onPong(String pattern) {
            lastHeardNanos = System.nanoTime();
        }
    }
}
