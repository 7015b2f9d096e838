package dev.capstan.worker;

import com.codahale.metrics.MetricRegistry;
import dev.capstan.redis.CapstanRedis;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Everything a {@link Worker} is configured with; built by {@link WorkerBuilder}. */
record WorkerSettings(
        CapstanRedis capstan,
        HandlerRegistry handlers,
        QueueOrder order,
        int concurrency,
        boolean platformThreads,
        int fetchBatch,
        Duration shutdownTimeout,
        Duration heartbeatInterval,
        Duration heartbeatTtl,
        boolean runReaper,
        Duration reaperInterval,
        Duration leaderLease,
        List<SingletonDuty> singletonDuties,
        List<ExecutionMiddleware> middleware,
        MetricRegistry metricRegistry,
        ProgressPublisher progress,
        Predicate<String> pausedQueue,
        boolean gating,
        Duration idempotencyRetention,
        String uniqueMetadataKey,
        boolean promoteScheduled,
        boolean periodicScheduling) {}
