package dev.capstan.redis.flags;

import dev.capstan.api.LogText;
import dev.capstan.redis.PubSubs;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * Keeps one pub/sub subscription to a channel alive on a dedicated daemon thread (Jedis's
 * {@code subscribe} blocks its caller), resubscribing with a capped backoff after the connection
 * drops. Messages published while the subscription was down are lost, which is why the owner is
 * told about every (re)subscription and every disconnection.
 */
final class InvalidationSubscriber implements AutoCloseable {
    /** What the subscription reports; called on the subscriber thread, so keep it short. */
    interface Events {
        void subscribed(boolean resubscribed);

        void message(String payload);

        void disconnected();
    }

    private static final Logger log = LoggerFactory.getLogger(InvalidationSubscriber.class);
    private static final long MIN_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 2_000;

    private final UnifiedJedis redis;
    private final String channel;
    private final Events events;
    private final Thread thread;
    private final CountDownLatch firstSubscription = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile JedisPubSub current;
    private volatile long subscriptions;

    InvalidationSubscriber(UnifiedJedis redis, String channel, Events events, String threadName) {
        this.redis = redis;
        this.channel = channel;
        this.events = events;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits until the first subscription is confirmed by the server; false on timeout. */
    boolean awaitFirstSubscription(Duration timeout) {
        try {
            return firstSubscription.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run() {
        long backoffMs = MIN_BACKOFF_MS;
        while (!closed) {
            JedisPubSub pubsub = new Listener();
            current = pubsub;
            try {
                redis.subscribe(pubsub, channel); // returns after unsubscribe(), throws when the connection drops
                backoffMs = MIN_BACKOFF_MS;
            } catch (RuntimeException e) {
                if (!closed) {
                    log.warn("subscription to {} lost ({}); resubscribing in {} ms", channel, e.toString(), backoffMs);
                }
            }
            notifyDisconnected();
            if (closed) {
                break;
            }
            try {
                if (closing.await(backoffMs, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }
    }

    private void notifyDisconnected() {
        try {
            events.disconnected();
        } catch (RuntimeException e) {
            log.warn("disconnect handler failed", e);
        }
    }

    private final class Listener extends JedisPubSub {
        @Override
        public void onSubscribe(String subscribedChannel, int subscribedChannels) {
            if (closed) {
                PubSubs.unsubscribeOnce(this);
                return;
            }
            boolean resubscribed = subscriptions++ > 0;
            try {
                events.subscribed(resubscribed);
            } catch (RuntimeException e) {
                log.warn("subscribe handler failed", e);
            }
            firstSubscription.countDown();
        }

        @Override
        public void onMessage(String messageChannel, String payload) {
            try {
                events.message(payload);
            } catch (RuntimeException e) {
                log.warn("message handler failed for {}", LogText.escape(payload), e);
            }
        }
    }

    /** Unsubscribes, stops the thread and waits (bounded) for it to end. */
    @Override
    public void close() {
        closed = true;
        JedisPubSub pubsub = current;
        if (pubsub != null && pubsub.isSubscribed()) {
            try {
                PubSubs.unsubscribeOnce(pubsub);
            } catch (RuntimeException e) {
                // the connection is already gone; the thread will see 'closed' and end
            }
        }
        // Wakes a backoff wait. Deliberately no Thread.interrupt(): Jedis's pub/sub loop stops reading
        // when its thread is interrupted, which would leave the unsubscribe reply unread on a
        // connection that then goes back to the pool and corrupts the next command's reply.
        closing.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
