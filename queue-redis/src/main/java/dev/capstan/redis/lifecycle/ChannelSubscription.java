package dev.capstan.redis.lifecycle;

import dev.capstan.redis.PubSubs;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * Keeps one pub/sub subscription to a channel alive on a daemon thread of its own (Jedis's
 * {@code subscribe} holds its thread and one connection), subscribing again with a capped backoff
 * when the connection drops. Messages published while it was down are lost, so the owner is told of
 * every (re)subscription and looks again at what it waits for. Same pattern as the feature flags'
 * subscriber; ends with exactly one UNSUBSCRIBE ({@link PubSubs}).
 */
final class ChannelSubscription implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChannelSubscription.class);
    private static final long MIN_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 2_000;

    private final UnifiedJedis redis;
    private final String channel;
    private final Consumer<String> onMessage;
    private final Runnable onSubscribed;
    private final Thread thread;
    private final CountDownLatch firstSubscription = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile JedisPubSub current;

    ChannelSubscription(UnifiedJedis redis, String channel, String threadName, Consumer<String> onMessage,
                        Runnable onSubscribed) {
        this.redis = redis;
        this.channel = channel;
        this.onMessage = onMessage;
        this.onSubscribed = onSubscribed;
        this.thread = Thread.ofPlatform().daemon().name(threadName).unstarted(this::run);
    }

    /** Starts the thread and waits up to {@code timeout} for the server to confirm the subscription. */
    ChannelSubscription start(Duration timeout) {
        thread.start();
        try {
            if (!firstSubscription.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("subscription to {} not confirmed within {}; it keeps trying", channel, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    private void run() {
        long backoffMs = MIN_BACKOFF_MS;
        while (!closed) {
            JedisPubSub pubsub = new Listener();
            current = pubsub;
            try {
                redis.subscribe(pubsub, channel); // returns after unsubscribe, throws when the connection drops
                backoffMs = MIN_BACKOFF_MS;
            } catch (RuntimeException e) {
                if (!closed) {
                    log.debug("subscription to {} lost ({}); subscribing again in {} ms", channel, e.toString(), backoffMs);
                }
            }
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

    private final class Listener extends JedisPubSub {
        @Override
        public void onSubscribe(String subscribedChannel, int subscribedChannels) {
            if (closed) {
                PubSubs.unsubscribeOnce(this);
                return;
            }
            try {
                onSubscribed.run();
            } catch (RuntimeException e) {
                log.warn("subscription handler of {} failed", channel, e);
            }
            firstSubscription.countDown();
        }

        @Override
        public void onMessage(String messageChannel, String payload) {
            try {
                onMessage.accept(payload);
            } catch (RuntimeException e) {
                log.warn("message handler of {} failed for {}", channel, payload, e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        JedisPubSub pubsub = current;
        if (pubsub != null && pubsub.isSubscribed()) {
            try {
                PubSubs.unsubscribeOnce(pubsub);
            } catch (RuntimeException e) {
                // the connection is already gone; the thread sees 'closed' and ends
            }
        }
        // No Thread.interrupt(): Jedis's pub/sub loop would stop reading and leave the UNSUBSCRIBE reply
        // on a pooled connection (see PubSubs).
        closing.countDown();
        if (Thread.currentThread() != thread && thread.isAlive()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
