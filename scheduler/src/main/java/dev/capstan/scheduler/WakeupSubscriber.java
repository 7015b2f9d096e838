package dev.capstan.scheduler;

import dev.capstan.api.LogText;
import dev.capstan.redis.pubsub.Subscription;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Listens on the promoters' wake-up channel through a {@link Subscription} (a daemon thread and a
 * connection of its own, pinged while quiet, reconnecting on its own). Messages sent while it was
 * disconnected are lost: pub/sub is fire-and-forget, so {@code onReconnect} tells the owner to
 * re-check everything rather than trust the stream.
 */
final class WakeupSubscriber implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WakeupSubscriber.class);

    private final UnifiedJedis redis;
    private final String channel;
    private final String threadName;
    private final Consumer<String> onMessage;
    private final Runnable onReconnect;
    private Subscription subscription;

    WakeupSubscriber(UnifiedJedis redis, String channel, String threadName, Consumer<String> onMessage,
                     Runnable onReconnect) {
        this.redis = redis;
        this.channel = channel;
        this.threadName = threadName;
        this.onMessage = onMessage;
        this.onReconnect = onReconnect;
    }

    void start() {
        subscription = Subscription.start(redis, threadName, new Subscription.Listener() {
            @Override
            public void subscribed(boolean resubscribed) {
                // The first subscription too: a message published between the owner's start and this
                // moment was missed just as one during a reconnect is.
                onReconnect.run();
            }

            @Override
            public void message(String from, String message) {
                try {
                    onMessage.accept(message);
                } catch (RuntimeException e) {
                    log.warn("ignoring wake-up message '{}' on {}: {}", LogText.escape(message), LogText.escape(from), LogText.escape(e));
                }
            }
        }, channel);
    }

    /** The subscription, once started (its loss and resubscription counts). */
    Subscription subscription() {
        return subscription;
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
