package dev.capstan.redis.queue;

import dev.capstan.redis.Namespace;
import java.time.Duration;

/**
 * Settings of the Redis queue shared by producers, workers and the admin API.
 *
 * @param namespace       prefix of every key
 * @param maxPayloadBytes largest encoded job accepted by enqueue (default 512 KiB)
 * @param deadMaxCount    the dead set of each queue keeps at most this many jobs (default 10,000)
 * @param deadMaxAge      and none older than this (default 180 days)
 * @param maxRecoveries   a job returned from dead workers more often than this is a poison pill
 *                        and goes to the dead set (default 3)
 */
public record QueueSettings(Namespace namespace, int maxPayloadBytes, int deadMaxCount, Duration deadMaxAge,
                            int maxRecoveries) {

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 512 * 1024;

    public static QueueSettings defaults() {
        return new QueueSettings(Namespace.DEFAULT, DEFAULT_MAX_PAYLOAD_BYTES, 10_000, Duration.ofDays(180), 3);
    }

    public static QueueSettings defaults(Namespace namespace) {
        return defaults().withNamespace(namespace);
    }

    public QueueSettings withNamespace(Namespace ns) {
        return new QueueSettings(ns, maxPayloadBytes, deadMaxCount, deadMaxAge, maxRecoveries);
    }

    public QueueSettings withMaxPayloadBytes(int bytes) {
        return new QueueSettings(namespace, bytes, deadMaxCount, deadMaxAge, maxRecoveries);
    }

    public QueueSettings withDeadLimits(int maxCount, Duration maxAge) {
        return new QueueSettings(namespace, maxPayloadBytes, maxCount, maxAge, maxRecoveries);
    }

    public QueueSettings withMaxRecoveries(int recoveries) {
        return new QueueSettings(namespace, maxPayloadBytes, deadMaxCount, deadMaxAge, recoveries);
    }

    public QueueKeys keys(String queue) {
        return new QueueKeys(namespace, queue);
    }
}
