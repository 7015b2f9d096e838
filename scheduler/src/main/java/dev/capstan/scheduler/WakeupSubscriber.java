package dev.capstan.scheduler;

import dev.capstan.api.LogText;
import dev.capstan.redis.PubSubs;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * Listens on one pub/sub channel on a dedicated daemon thread (SUBSCRIBE holds its connection), and
 * subscribes again after a lost connection, backing off up to two seconds. Messages sent while it
 * was disconnected are lost: pub/sub is fire-and-forget, so {@code onReconnect} tells the owner to
 * re-check everything rather than trust the stream.
 */
final class WakeupSubscriber implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WakeupSubscriber.class);

    private final UnifiedJedis redis;
    private final String channel;
    private final Consumer<String> onMessage;
    private final Runnable onReconnect;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile JedisPubSub current;
    private final java.util.concurrent.CountDownLatch stopSignal = new java.util.concurrent.CountDownLatch(1);

    WakeupSubscriber(UnifiedJedis redis, String channel, String threadName, Consumer<String> onMessage,
                     Runnable onReconnect) {
        this.redis = redis;
        this.channel = channel;
        this.onMessage = onMessage;
        this.onReconnect = onReconnect;
        this.thread = Thread.ofPlatform().daemon().name(threadName).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long backoff = 50;
        boolean first = true;
        while (running) {
            JedisPubSub pubSub = new Listener(first);
            current = pubSub;
            try {
                redis.subscribe(pubSub, channel); // blocks until unsubscribed or the connection fails
                backoff = 50;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                log.debug("subscription to {} lost ({}); subscribing again in {} ms", channel, e.toString(), backoff);
                pause(backoff);
                backoff = Math.min(2000, backoff * 2);
            }
            first = false;
        }
    }

    private void pause(long millis) {
        try {
            stopSignal.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        JedisPubSub pubSub = current;
        if (pubSub != null && pubSub.isSubscribed()) {
            try {
                PubSubs.unsubscribeOnce(pubSub);
            } catch (RuntimeException ignored) {
                // the connection is already gone; the thread ends on its own
            }
        }
        // No Thread.interrupt(): an interrupted Jedis pub/sub loop can stop before reading the
        // unsubscribe reply and hand a connection with an unread reply back to the pool.
        stopSignal.countDown();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Listener extends JedisPubSub {
        private final boolean first;

        Listener(boolean first) {
            this.first = first;
        }

        @Override
        public void onSubscribe(String subscribed, int count) {
            if (!running) {
                PubSubs.unsubscribeOnce(this); // close() ran while this subscription was being set up
                return;
            }
            if (!first) {
                onReconnect.run();
            }
        }

        @Override
        public void onMessage(String from, String message) {
            try {
                onMessage.accept(message);
            } catch (RuntimeException e) {
                log.warn("ignoring wake-up message '{}' on {}: {}", LogText.escape(message), LogText.escape(from), LogText.escape(e));
            }
        }
    }
}
