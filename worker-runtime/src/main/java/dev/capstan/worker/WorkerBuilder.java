package dev.capstan.worker;

import dev.capstan.redis.gates.JobGates;
import com.codahale.metrics.MetricRegistry;
import dev.capstan.api.JobHandler;
import dev.capstan.redis.CapstanRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Configures a {@link Worker}. Defaults follow Sidekiq where it has one. */
public final class WorkerBuilder {
    private final CapstanRedis capstan;
    private final HandlerRegistry handlers = new HandlerRegistry();
    private final List<ExecutionMiddleware> middleware = new ArrayList<>();
    private final List<SingletonDuty> duties = new ArrayList<>();
    private QueueOrder order = QueueOrder.strict(List.of("default"));
    private int concurrency = 10;
    private boolean platformThreads;
    private int fetchBatch = 100;
    private Duration shutdownTimeout = Duration.ofSeconds(25);
    private Duration heartbeatInterval = Duration.ofSeconds(5);
    private Duration heartbeatTtl = Duration.ofSeconds(20);
    private boolean runReaper = true;
    private Duration reaperInterval = Duration.ofSeconds(5);
    private Duration leaderLease = Duration.ofSeconds(15);
    private MetricRegistry metricRegistry = new MetricRegistry();
    private ProgressPublisher progress;
    private Predicate<String> pausedQueue = queue -> false;
    private boolean gating = true;
    private Duration idempotencyRetention = Duration.ofDays(7);
    private String uniqueMetadataKey;
    private boolean promoteScheduled = true;
    private boolean periodicScheduling = true;

    WorkerBuilder(CapstanRedis capstan) {
        this.capstan = capstan;
    }

    public WorkerBuilder handler(JobHandler<?> handler) {
        return handler(handler, JobTypeOptions.defaults());
    }

    public WorkerBuilder handler(JobHandler<?> handler, JobTypeOptions options) {
        Worker.requireHandler(handler);
        handlers.register(handler, options);
        return this;
    }

    /** Whether a handler for job type {@code type} is registered already. */
    public boolean hasHandler(String type) {
        return handlers.find(type).isPresent();
    }

    /**
     * Rolls {@code newVersion} out for its type: jobs whose id falls in the percentage of feature
     * flag {@code flag} ({@link JobGates#rollout}) run it, the rest run the current handler.
     */
    public WorkerBuilder rollout(JobHandler<?> newVersion, String flag) {
        Worker.requireHandler(newVersion);
        handlers.registerRollout(newVersion, flag);
        return this;
    }

    /** Queues in strict priority: a later queue is served only when the earlier ones are empty. */
    public WorkerBuilder queues(String... queues) {
        this.order = QueueOrder.strict(List.of(queues));
        return this;
    }

    /** Queues by weight: each fetch round draws an order by weight, so none starves. */
    public WorkerBuilder weightedQueues(Map<String, Integer> weights) {
        this.order = QueueOrder.weighted(weights);
        return this;
    }

    /** How many jobs run at once (default 10), on virtual threads. */
    public WorkerBuilder concurrency(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.concurrency = concurrency;
        return this;
    }

    /** Runs jobs on a pool of platform threads instead of virtual threads (e.g. for code that pins carriers). */
    public WorkerBuilder platformThreads(boolean platform) {
        this.platformThreads = platform;
        return this;
    }

    /** Most jobs fetched in one round trip (default 100). */
    public WorkerBuilder fetchBatch(int batch) {
        this.fetchBatch = batch;
        return this;
    }

    /** How long a graceful shutdown waits for running jobs (default 25 s, as Sidekiq). */
    public WorkerBuilder shutdownTimeout(Duration timeout) {
        this.shutdownTimeout = timeout;
        return this;
    }

    /** Heartbeat every {@code interval}; a worker silent for {@code ttl} is dead and its jobs are reaped. */
    public WorkerBuilder heartbeat(Duration interval, Duration ttl) {
        this.heartbeatInterval = interval;
        this.heartbeatTtl = ttl;
        return this;
    }

    /** Whether the reaper runs (on the leader; default true, every 5 s). */
    public WorkerBuilder reaper(boolean run, Duration interval) {
        this.runReaper = run;
        this.reaperInterval = interval;
        return this;
    }

    /**
     * The lease of the leader election (default 15 s): a dead leader is replaced about this long
     * after its last renewal. {@code null} turns the election off: every worker then runs the reaper
     * (safe, only wasteful) and no singleton duty runs.
     */
    public WorkerBuilder leaderLease(Duration lease) {
        this.leaderLease = lease;
        return this;
    }

    /** Work that only the elected leader does, such as cron scheduling. */
    public WorkerBuilder singletonDuty(SingletonDuty duty) {
        duties.add(duty);
        return this;
    }

    public WorkerBuilder middleware(ExecutionMiddleware m) {
        middleware.add(m);
        return this;
    }

    public WorkerBuilder metrics(MetricRegistry registry) {
        this.metricRegistry = registry;
        return this;
    }

    /** Where job progress goes (default: the live-status primitive, topic "jobs"). */
    public WorkerBuilder progress(ProgressPublisher publisher) {
        this.progress = publisher;
        return this;
    }

    /** An extra test for paused queues, besides the {@link JobGates} flags. */
    public WorkerBuilder pausedQueues(Predicate<String> paused) {
        this.pausedQueue = paused;
        return this;
    }

    /** Whether the worker obeys {@link JobGates} flags (default true; costs one pub/sub connection). */
    public WorkerBuilder gating(boolean on) {
        this.gating = on;
        return this;
    }

    /** How long the completion of an idempotency key is remembered (default 7 days). */
    public WorkerBuilder idempotencyRetention(Duration retention) {
        this.idempotencyRetention = retention;
        return this;
    }

    /** Counts distinct values of this metadata key per job type and day (e.g. "tenant"), with HyperLogLog. */
    public WorkerBuilder countUnique(String metadataKey) {
        this.uniqueMetadataKey = metadataKey;
        return this;
    }

    /** Whether this worker moves due delayed and retry jobs of its queues into them (default true). */
    public WorkerBuilder promoteScheduled(boolean on) {
        this.promoteScheduled = on;
        return this;
    }

    /** Whether the leader runs the periodic (cron) schedules (default true). */
    public WorkerBuilder periodicScheduling(boolean on) {
        this.periodicScheduling = on;
        return this;
    }

    public Worker build() {
        if (handlers.types().isEmpty()) {
            throw new IllegalStateException("register at least one handler with handler(...) before build()");
        }
        return new Worker(new WorkerSettings(capstan, handlers, order, concurrency, platformThreads, fetchBatch,
                shutdownTimeout, heartbeatInterval, heartbeatTtl, runReaper, reaperInterval, leaderLease, List.copyOf(duties),
                List.copyOf(middleware), metricRegistry, progress, pausedQueue, gating, idempotencyRetention,
                uniqueMetadataKey, promoteScheduled, periodicScheduling));
    }
}
