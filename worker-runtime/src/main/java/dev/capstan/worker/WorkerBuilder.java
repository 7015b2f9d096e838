package dev.capstan.worker;

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
    private QueueOrder order = QueueOrder.strict(List.of("default"));
    private int concurrency = 10;
    private int platformThreads;
    private int fetchBatch = 100;
    private Duration shutdownTimeout = Duration.ofSeconds(25);
    private Duration heartbeatInterval = Duration.ofSeconds(5);
    private Duration heartbeatTtl = Duration.ofSeconds(20);
    private boolean runReaper = true;
    private Duration reaperInterval = Duration.ofSeconds(5);
    private MetricRegistry metricRegistry = new MetricRegistry();
    private ProgressPublisher progress = ProgressPublisher.NONE;
    private Predicate<String> pausedQueue = queue -> false;

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
        this.platformThreads = platform ? concurrency : 0;
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

    /** Whether this process runs the reaper (default true; it is safe for several processes to run it). */
    public WorkerBuilder reaper(boolean run, Duration interval) {
        this.runReaper = run;
        this.reaperInterval = interval;
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

    public WorkerBuilder progress(ProgressPublisher publisher) {
        this.progress = publisher;
        return this;
    }

    /** Tells whether a queue is paused; paused queues are not fetched from. */
    public WorkerBuilder pausedQueues(Predicate<String> paused) {
        this.pausedQueue = paused;
        return this;
    }

    public Worker build() {
        if (handlers.types().isEmpty()) {
            throw new IllegalStateException("register at least one handler with handler(...) before build()");
        }
        int threads = platformThreads > 0 ? concurrency : 0;
        return new Worker(new WorkerSettings(capstan, handlers, order, concurrency, threads, fetchBatch, shutdownTimeout,
                heartbeatInterval, heartbeatTtl, runReaper, reaperInterval, List.copyOf(middleware), metricRegistry,
                progress, pausedQueue));
    }
}
