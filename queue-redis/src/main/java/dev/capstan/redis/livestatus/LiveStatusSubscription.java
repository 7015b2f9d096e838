package dev.capstan.redis.livestatus;

import dev.capstan.api.LogText;
import dev.capstan.redis.pubsub.Subscription;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * A running subscription to the change events of one {@link LiveStatus} topic: a {@link Subscription}
 * (a daemon thread and a connection of its own) that hands every event to the listener, on that
 * thread, in publication order. It stays up while the topic is quiet and reconnects on its own when
 * the server goes away; events published meanwhile are lost, as always with Redis pub/sub. A listener
 * that throws is logged and keeps receiving. {@link #close()} unsubscribes and waits for the thread.
 */
public final class LiveStatusSubscription implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveStatusSubscription.class);

    private final UnifiedJedis redis;
    private final String topic;
    private final String channel;
    private final Consumer<LiveStatusEvent> listener;
    private Subscription subscription;

    LiveStatusSubscription(UnifiedJedis redis, String topic, String channel, Consumer<LiveStatusEvent> listener) {
        this.redis = redis;
        this.topic = topic;
        this.channel = channel;
        this.listener = listener;
    }

    /** Starts the subscription and returns once the server confirmed it. */
    void start(Duration timeout) {
        subscription = Subscription.start(redis, "capstan-livestatus-" + topic, (from, message) -> deliver(message), channel);
        if (!subscription.awaitSubscribed(timeout)) {
            close();
            throw new IllegalStateException("could not subscribe to live status topic '" + topic + "' within " + timeout);
        }
    }

    /** True until {@link #close()} ended the subscription thread. */
    public boolean isRunning() {
        return subscription != null && subscription.isRunning();
    }

    /** The underlying subscription (its loss and resubscription counts). */
    public Subscription subscription() {
        return subscription;
    }

    private void deliver(String message) {
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

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
