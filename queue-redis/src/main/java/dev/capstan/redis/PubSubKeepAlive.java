package dev.capstan.redis;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.JedisPubSub;

/**
 * Pings a pub/sub subscription every few seconds. Jedis reads a subscription with the blocking
 * socket timeout (finite on purpose, so a vanished server is noticed), so a quiet channel would
 * otherwise time out and reconnect every {@link RedisConnections#BLOCKING_SOCKET_TIMEOUT_MS}, losing
 * messages in between. The PONG keeps the read alive; a dead connection still times out.
 *
 * <pre>{@code
 * try (PubSubKeepAlive.Handle ignored = PubSubKeepAlive.start(pubSub)) {
 *     redis.subscribe(pubSub, channel); // blocks
 * }
 * }</pre>
 */
public final class PubSubKeepAlive {
    static final Duration INTERVAL = Duration.ofSeconds(3);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("capstan-pubsub-ping").factory());

    private PubSubKeepAlive() {}

    /** Starts pinging {@code pubSub} while it is subscribed; close the handle when the subscription ends. */
    public static Handle start(JedisPubSub pubSub) {
        return start(pubSub, INTERVAL);
    }

    /** {@link #start(JedisPubSub)} with another interval (shorter than the blocking socket timeout). */
    public static Handle start(JedisPubSub pubSub, Duration interval) {
        ScheduledFuture<?> task = TIMER.scheduleWithFixedDelay(() -> {
            if (pubSub.isSubscribed()) {
                try {
                    pubSub.ping();
                } catch (RuntimeException ignored) {
                    // the subscription is ending or its connection broke; the subscriber reconnects
                }
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return () -> task.cancel(false);
    }

    /** Stops the pings of one subscription. */
    @FunctionalInterface
    public interface Handle extends AutoCloseable {
        @Override
        void close();
    }
}
