package dev.capstan.worker;

import com.codahale.metrics.MetricRegistry;
import dev.capstan.api.JobHandler;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.JobSettler;
import dev.capstan.redis.queue.ProcessingListReaper;
import dev.capstan.redis.queue.ReliableFetcher;
import dev.capstan.redis.queue.WorkerHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process: fetches jobs from its queues and runs them with registered handlers.
 *
 * <pre>{@code
 * Worker worker = Worker.builder(capstan)
 *         .handler(new SendEmailHandler())
 *         .queues("mail", "default")
 *         .concurrency(20)
 *         .build();
 * worker.start();
 * worker.closeOnShutdown(); // SIGTERM drains within the shutdown timeout
 * }</pre>
 *
 * Components (each starts and stops with the worker): the heartbeat, the fetch dispatcher, the
 * ack batcher, and optionally the reaper. See {@code docs/ARCHITECTURE.md}.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final WorkerSettings settings;
    private final CapstanRedis capstan;
    private final WorkerIdentity identity = WorkerIdentity.create();
    private final RunningJobs running = new RunningJobs();
    private final Instant startedAt = Instant.now();
    private final WorkerMetrics metrics;
    private final JobSettler settler;
    private AckBatcher acks;
    private FetchDispatcher dispatcher;
    private WorkerHeartbeat heartbeat;
    private ProcessingListReaper reaper;
    private ExecutorService executor;
    private ScheduledExecutorService watchdog;
    private volatile State state = State.NEW;

    enum State { NEW, RUNNING, QUIET, STOPPED }

    Worker(WorkerSettings settings) {
        this.settings = settings;
        this.capstan = settings.capstan();
        this.metrics = new WorkerMetrics(settings.metricRegistry());
        this.settler = new JobSettler(capstan.broker(), capstan.codec());
    }

    public static WorkerBuilder builder(CapstanRedis capstan) {
        return new WorkerBuilder(capstan);
    }

    public synchronized Worker start() {
        if (state != State.NEW) {
            throw new IllegalStateException("worker " + identity.id() + " was already started");
        }
        heartbeat = new WorkerHeartbeat(capstan.workers(), identity.id(), settings.heartbeatInterval(),
                settings.heartbeatTtl(), this::heartbeatInfo);
        heartbeat.start();
        acks = new AckBatcher(settler);
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("capstan-timeouts").unstarted(r));
        executor = settings.platformThreads() > 0
                ? Executors.newFixedThreadPool(settings.platformThreads(), r -> Thread.ofPlatform().daemon().name("capstan-job-", 0).unstarted(r))
                : Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("capstan-job-", 0).factory());
        JobRunner runner = new JobRunner(settings.handlers(), settings.middleware(), capstan.codec(), settler, acks,
                watchdog, metrics, settings.progress());
        Map<String, ReliableFetcher> fetchers = new LinkedHashMap<>();
        Map<String, ReliableFetcher> wakers = new LinkedHashMap<>();
        for (String queue : settings.order().queues()) {
            fetchers.put(queue, new ReliableFetcher(capstan.broker(), capstan.codec(), queue, identity.id()));
            wakers.put(queue, new ReliableFetcher(capstan.broker(), capstan.codec(), queue, identity.id()));
            metrics.registerQueueGauges(queue, capstan.admin());
        }
        Predicate<String> paused = settings.pausedQueue();
        dispatcher = new FetchDispatcher(fetchers, wakers, settings.order(), settings.concurrency(),
                settings.fetchBatch(), executor, job -> runner.run(job, running), paused);
        dispatcher.start();
        if (settings.runReaper()) {
            reaper = new ProcessingListReaper(capstan.broker(), capstan.codec(), capstan.workers()::isOnline);
            reaper.start(settings.reaperInterval());
        }
        state = State.RUNNING;
        log.info("worker {} started: queues {}, concurrency {}", identity.id(), settings.order().queues(), settings.concurrency());
        return this;
    }

    /** Stops fetching new jobs; running jobs finish. The worker stays registered until {@link #close()}. */
    public synchronized void quiet() {
        if (state == State.RUNNING) {
            dispatcher.stopFetching();
            state = State.QUIET;
            log.info("worker {} is quiet: no new jobs", identity.id());
        }
    }

    /**
     * Graceful shutdown: stop fetching, let running jobs finish within the shutdown timeout, then
     * interrupt the rest and push every unfinished job back to the front of its queue.
     */
    @Override
    public synchronized void close() {
        if (state == State.NEW || state == State.STOPPED) {
            state = State.STOPPED;
            return;
        }
        dispatcher.stopFetching();
        try {
            if (!dispatcher.awaitIdle(settings.shutdownTimeout())) {
                log.warn("worker {}: {} job(s) still running after {}; interrupting them and pushing them back",
                        identity.id(), running.size(), settings.shutdownTimeout());
                running.cancelAll();
                dispatcher.awaitIdle(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dispatcher.awaitFetchersStopped(Duration.ofSeconds(3));
        acks.close();
        long pushedBack = pushBackUnfinished();
        if (reaper != null) {
            reaper.stop();
        }
        executor.shutdownNow();
        watchdog.shutdownNow();
        heartbeat.stop();
        state = State.STOPPED;
        log.info("worker {} stopped; {} unfinished job(s) pushed back to their queues", identity.id(), pushedBack);
    }

    /** Closes the worker when the JVM is asked to stop (SIGTERM, SIGINT). */
    public Worker closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "capstan-shutdown"));
        return this;
    }

    public String id() {
        return identity.id();
    }

    public boolean isRunning() {
        return state == State.RUNNING;
    }

    public boolean isQuiet() {
        return state == State.QUIET;
    }

    /** Jobs running now. */
    public int busy() {
        return dispatcher == null ? 0 : dispatcher.busy();
    }

    public MetricRegistry metrics() {
        return metrics.registry();
    }

    /** Everything still in this worker's processing lists is unfinished: running jobs were already awaited. */
    private long pushBackUnfinished() {
        dispatcher.drainHandoff(); // handed-off jobs are in the processing lists too, and go back below
        long moved = 0;
        for (String queue : settings.order().queues()) {
            try {
                List<QueueBroker.Move> moves = new ArrayList<>();
                for (String element : capstan.broker().processing(queue, identity.id())) {
                    moves.add(new QueueBroker.Move(element, element));
                }
                moved += capstan.broker().requeue(queue, identity.id(), moves);
                capstan.broker().forgetWorker(queue, identity.id());
            } catch (RuntimeException e) {
                log.warn("worker {}: could not push back jobs of queue {} ({}); the reaper will return them",
                        identity.id(), queue, e.toString());
            }
        }
        return moved;
    }

    private Map<String, String> heartbeatInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("host", identity.host());
        info.put("pid", Long.toString(identity.pid()));
        info.put("queues", String.join(",", settings.order().queues()));
        info.put("concurrency", Integer.toString(settings.concurrency()));
        info.put("busy", Integer.toString(busy()));
        info.put("startedAt", startedAt.toString());
        info.put("state", state.name());
        List<String> jobs = running.jobIds();
        info.put("jobs", String.join(",", jobs.subList(0, Math.min(50, jobs.size()))));
        return info;
    }

    /** For builders: registered handler types. */
    public List<String> types() {
        return List.copyOf(settings.handlers().types());
    }

    static void requireHandler(JobHandler<?> handler) {
        if (handler == null || handler.type() == null || handler.argsType() == null) {
            throw new IllegalArgumentException("a handler needs a type name and an argument class");
        }
    }
}
