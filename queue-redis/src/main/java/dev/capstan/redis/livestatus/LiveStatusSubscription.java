package dev.capstan.redis.livestatus;

import dev.capstan.api.LogText;
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
 * A running subscription to the change events of one {@link LiveStatus} topic: a daemon thread
 * blocked in SUBSCRIBE (Jedis' subscribe holds its thread and one connection until unsubscribed)
 * that hands every event to the listener, on that thread, in publication order. If the connection
 * drops, it subscribes again with a growing pause (0.1 s to 5 s); events published meanwhile are
 * lost, as always with Redis pub/sub. A listener that throws is logged and keeps receiving.
 * {@link #close()} unsubscribes and waits (up to 5 s) for the thread to end.
 */
public final class LiveStatusSubscription implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveStatusSubscription.class);
    private static final long MIN_PAUSE_MILLIS = 100;
    private static final long MAX_PAUSE_MILLIS = 5_000;

    private final UnifiedJedis redis;
    private final String topic;
    private final String channel;
    private final Consumer<LiveStatusEvent> listener;
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;
    private volatile JedisPubSub current;

    LiveStatusSubscription(UnifiedJedis redis, String topic, String channel, Consumer<LiveStatusEvent> listener) {
        this.redis = redis;
        this.topic = topic;
        this.channel = channel;
        this.listener = listener;
        this.thread = Thread.ofPlatform().daemon().name("capstan-livestatus-" + topic).unstarted(this::run);
    }

    /** Starts the thread and returns once the server confirmed the subscription. */
    void start(Duration timeout) {
        thread.start();
        boolean confirmed;
        try {
            confirmed = subscribed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            confirmed = false;
        }
        if (!confirmed) {
            close();
            throw new IllegalStateException("could not subscribe to live status topic '" + topic + "' within " + timeout);
        }
    }

    /** True until {@link #close()} ended the subscription thread. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    private void run() {
        long pause = MIN_PAUSE_MILLIS;
        while (!closed) {
            JedisPubSub pubSub = new Handler();
            current = pubSub;
            try {
                redis.subscribe(pubSub, channel);
                pause = MIN_PAUSE_MILLIS;
            } catch (RuntimeException e) {
                if (closed) {
                    break;
                }
                log.warn("live status subscription to '{}' lost, subscribing again in {} ms", topic, pause, e);
            }
            try {
                if (closing.await(pause, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                break;
            }
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
    }

    @Override
    public void close() {
        closed = true;
        closing.countDown();
        JedisPubSub pubSub = current;
        if (pubSub != null && pubSub.isSubscribed()) {
            try {
                PubSubs.unsubscribeOnce(pubSub);
            } catch (RuntimeException e) {
                // the connection is already gone; the thread sees 'closed' and ends
            }
        }
        if (Thread.currentThread() != thread && thread.isAlive()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class Handler extends JedisPubSub {
        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            if (closed) {
                PubSubs.unsubscribeOnce(this); // close() ran before the subscription was confirmed
            } else {
                subscribed.countDown();
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            LiveStatusEvent event;
            try {
                event = LiveStatusEvent.decode(topic, message);
            } catch (IllegalArgumentException e) {
                log.warn("ignoring a message on live status channel {}", LogText.escape(channel), e);
                return;
            }
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("live status listener of '{}' failed on {}", LogText.escape(topic), LogText.escape(event), e);
            }
        }
    }
}
