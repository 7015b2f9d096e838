package dev.capstan.worker;

import dev.capstan.redis.gates.JobGates;
import com.codahale.metrics.MetricRegistry;
import dev.capstan.api.JobHandler;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.counter.UniqueCounter;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.livestatus.LiveStatus;
import dev.capstan.redis.lock.LeaderElection;
import dev.capstan.redis.lock.RedisLocks;
import dev.capstan.redis.queue.JobSettler;
import dev.capstan.redis.queue.ProcessingListReaper;
import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.ReliableFetcher;
import dev.capstan.redis.queue.WorkerHeartbeat;
import dev.capstan.scheduler.PromoterOptions;
import dev.capstan.scheduler.ScheduledJobPromoter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * worker.start().closeOnShutdown()   // SIGTERM drains within the shutdown timeout
 *         .awaitTermination();       // blocks the main thread until the worker is closed
 * }</pre>
 *
 * A started worker keeps its JVM alive (one non-daemon thread waits for {@link #close()}), so a
 * {@code main} that starts a worker and returns leaves a running worker process behind, as a
 * Sidekiq or BullMQ worker process does; SIGTERM still ends it through the shutdown hook.
 *
 * Background components, each started and stopped with the worker: {@link WorkerHeartbeat},
 * {@link FetchDispatcher}, {@link AckBatcher}, {@link ClusterStats}, {@link LeaderDuties} (which
 * runs the {@link ProcessingListReaper}, the periodic scheduler and other singleton duties on the
 * leader only), the {@link ScheduledJobPromoter} for its queues, and the feature-flag subscriber
 * behind {@link JobGates}. See {@code docs/ARCHITECTURE.md}.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    static final String LEADER_LOCK = "leader";

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
    private LeaderDuties leaderDuties;
    private ScheduledJobPromoter promoter;
    private ClusterStats stats;
    private RedisLocks locks;
    private FeatureFlags flags;
    private JobGates gates;
    private LifecycleHooks lifecycle;
    private ExecutorService executor;
    private ScheduledExecutorService watchdog;
    private volatile State state = State.NEW;
    private final CountDownLatch terminated = new CountDownLatch(1);

    enum State { NEW, RUNNING, QUIET, STOPPED }

    Worker(WorkerSettings settings) {
        this.settings = settings;
        this.capstan = settings.capstan();
        this.metrics = new WorkerMetrics(settings.metricRegistry());
        this.settler = new JobSettler(capstan.broker(), capstan.codec(), capstan.jobs().settler());
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
        locks = new RedisLocks(capstan.redis(), capstan.namespace());
        if (settings.gating()) {
            flags = new FeatureFlags(capstan.redis(), capstan.namespace());
            gates = new JobGates(flags);
            // The dashboard (or any process) asks a worker to go quiet through a flag.
            flags.addListener(flag -> {
                if (flag.equals(JobGates.quietFlag(identity.id()))) {
                    Thread.ofVirtual().start(this::quietIfRequested); // not on the flag thread: quiet() takes the worker's lock
                }
            });
        }
        acks = new AckBatcher(settler);
        stats = new ClusterStats(new TimeSeriesCounter(capstan.redis(), capstan.namespace()),
                new UniqueCounter(capstan.redis(), capstan.namespace()), settings.uniqueMetadataKey());
        watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("capstan-timeouts").factory());
        // One timer for all running jobs' timeouts (a timer task per job cost more than the jobs themselves).
        watchdog.scheduleAtFixedRate(() -> running.expireOverdue(System.nanoTime()), 50, 50, TimeUnit.MILLISECONDS);
        // As many long-lived job threads as slots (virtual by default): starting a thread per job cost
        // the dispatcher a fifth of its time. The pool clears a stray interrupt between two jobs.
        executor = Executors.newFixedThreadPool(settings.concurrency(), settings.platformThreads()
                ? Thread.ofPlatform().daemon().name("capstan-job-", 0).factory()
                : Thread.ofVirtual().name("capstan-job-", 0).factory());
        ProgressPublisher progress = new TrackedProgress(settings.progress() != null ? settings.progress()
                : new LiveStatusProgress(new LiveStatus(capstan.redis(), capstan.namespace()), Duration.ofSeconds(30)),
                capstan.jobs().settler());
        lifecycle = new LifecycleHooks(capstan.jobs(), capstan.codec(), running, settings.idempotencyRetention(),
                settings.heartbeatInterval());
        lifecycle.start();
        HandlerInvoker invoker = new HandlerInvoker(settings.middleware(), capstan.codec(), settler, lifecycle);
        IdempotencyGuard guard = new IdempotencyGuard(capstan.broker(), locks, settings.idempotencyRetention());
        JobRunner runner = new JobRunner(settings.handlers(), settler, invoker, acks, metrics, stats, gates, guard, progress);
        startDispatcher(runner);
        if (settings.promoteScheduled()) {
            // Every worker promotes due jobs of its queues: promotion is atomic, so several promoters are
            // safe, and retries come back on time even while the leader is being replaced.
            promoter = new ScheduledJobPromoter(capstan.redis(), capstan.settings(),
                    PromoterOptions.defaults().withQueues(new LinkedHashSet<>(settings.order().queues()))).start();
        }
        startSingletonDuties();
        state = State.RUNNING;
        // Every other Capstan thread is a daemon; this one keeps the process up until close().
        Thread.ofPlatform().daemon(false).name("capstan-worker-alive").start(this::awaitTerminationUninterruptibly);
        log.info("worker {} started: queues {}, concurrency {}", identity.id(), settings.order().queues(), settings.concurrency());
        return this;
    }

    private void startDispatcher(JobRunner runner) {
        Map<String, ReliableFetcher> fetchers = new LinkedHashMap<>();
        Map<String, ReliableFetcher> wakers = new LinkedHashMap<>();
        for (String queue : settings.order().queues()) {
            fetchers.put(queue, new ReliableFetcher(capstan.broker(), capstan.codec(), queue, identity.id()));
            wakers.put(queue, new ReliableFetcher(capstan.broker(), capstan.codec(), queue, identity.id()));
            metrics.registerQueueGauges(queue, capstan.admin());
        }
        Predicate<String> paused = gates == null ? settings.pausedQueue()
                : settings.pausedQueue().or(gates::isPaused);
        dispatcher = new FetchDispatcher(fetchers, wakers, settings.order(), settings.concurrency(),
                settings.fetchBatch(), executor,
                job -> fetchers.get(job.queue()).decode(job.element()).ifPresent(j -> runner.run(j, running)),
                paused, this::pushBack);
        dispatcher.start();
    }

    private void startSingletonDuties() {
        List<SingletonDuty> duties = new ArrayList<>();
        if (settings.runReaper()) {
            reaper = new ProcessingListReaper(capstan.broker(), capstan.codec(), capstan.workers()::isOnline,
                    settings.heartbeatTtl(), capstan.jobs().settler());
            duties.add(new ReaperDuty(reaper, settings.reaperInterval()));
            duties.add(new LifecycleSweeperDuty(capstan.jobs().sweeper(), settings.reaperInterval()));
        }
        if (settings.periodicScheduling()) {
            duties.add(new PeriodicSchedulingDuty(capstan));
        }
        duties.addAll(settings.singletonDuties());
        if (settings.leaderLease() == null) {
            duties.forEach(SingletonDuty::start); // no election: the reaper is safe to run in every process
            return;
        }
        leaderDuties = new LeaderDuties(duties, identity.id());
        leaderDuties.start(new LeaderElection(capstan.redis(), capstan.namespace(), LEADER_LOCK, settings.leaderLease(),
                leaderDuties));
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
            terminated.countDown();
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
        if (leaderDuties != null) {
            leaderDuties.close();
        } else if (reaper != null) {
            reaper.stop();
        }
        settings.singletonDuties().forEach(d -> {
            if (leaderDuties == null) {
                d.stop();
            }
        });
        if (promoter != null) {
            promoter.stop();
        }
        stats.close();
        lifecycle.close();
        executor.shutdownNow();
        watchdog.shutdownNow();
        if (flags != null) {
            try {
                flags.delete(JobGates.quietFlag(identity.id())); // a quiet request ends with the worker
            } catch (RuntimeException e) {
                log.debug("could not delete worker {}'s quiet flag: {}", identity.id(), e.toString());
            }
            flags.close();
        }
        locks.close();
        heartbeat.stop();
        state = State.STOPPED;
        terminated.countDown();
        log.info("worker {} stopped; {} unfinished job(s) pushed back to their queues", identity.id(), pushedBack);
    }

    /**
     * Blocks until this worker has been closed (by {@link #close()}, or by SIGTERM/SIGINT after
     * {@link #closeOnShutdown()}): the last line of a worker's {@code main}.
     */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** Waits up to {@code timeout} for the worker to be closed; true if it was. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void awaitTerminationUninterruptibly() {
        boolean interrupted = false;
        while (terminated.getCount() > 0) {
            try {
                terminated.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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

    /** Whether this worker is the elected leader and runs the singleton duties. */
    public boolean isLeader() {
        return leaderDuties != null && leaderDuties.isLeader();
    }

    /** The pause/switch-off/rollout switches this worker obeys (null when gating is off). */
    public JobGates gates() {
        return gates;
    }

    /** Jobs running now. */
    public int busy() {
        return running.size();
    }

    /** How many jobs this worker runs at once. */
    public int concurrency() {
        return settings.concurrency();
    }

    /** The queues this worker serves, in the order it serves them (strict) or by weight. */
    public java.util.List<String> queues() {
        return settings.order().queues();
    }

    public MetricRegistry metrics() {
        return metrics.registry();
    }

    /** Writes the cluster-wide counters now instead of within the next second. */
    public void flushStats() {
        stats.flush();
    }

    /** Puts fetched jobs that will not be started back at the front of their queue. */
    private void pushBack(String queue, List<String> elements) {
        List<QueueBroker.Move> moves = new ArrayList<>(elements.size());
        elements.forEach(e -> moves.add(new QueueBroker.Move(e, e)));
        Settle.withRetries(() -> capstan.broker().requeue(queue, identity.id(), moves));
    }

    /** Everything still in this worker's processing lists is unfinished: running jobs were already awaited. */
    private long pushBackUnfinished() {
        dispatcher.drainHandoff(); // handed-off jobs are in the processing lists too, and go back below
        long[] moved = new long[1];
        for (String queue : settings.order().queues()) {
            // With retries: a connection broken by an interrupted job is replaced on the next try.
            // If Redis stays away, the reaper returns the jobs once this worker's heartbeat expires.
            Settle.withRetries(() -> {
                List<QueueBroker.Move> moves = new ArrayList<>();
                for (String element : capstan.broker().processing(queue, identity.id())) {
                    moves.add(new QueueBroker.Move(element, element));
                }
                moved[0] += capstan.broker().requeue(queue, identity.id(), moves);
                capstan.broker().forgetWorker(queue, identity.id());
            });
        }
        return moved[0];
    }

    private void quietIfRequested() {
        if (gates != null && state == State.RUNNING && gates.isQuietRequested(identity.id())) {
            quiet();
        }
    }

    private Map<String, String> heartbeatInfo() {
        quietIfRequested(); // also here, in case the flag's change message was missed
        Map<String, String> info = new LinkedHashMap<>();
        info.put("host", identity.host());
        info.put("pid", Long.toString(identity.pid()));
        info.put("queues", String.join(",", settings.order().queues()));
        info.put("concurrency", Integer.toString(settings.concurrency()));
        info.put("busy", Integer.toString(busy()));
        info.put("startedAt", startedAt.toString());
        info.put("state", state.name());
        info.put("leader", Boolean.toString(isLeader()));
        List<String> jobs = running.jobIds();
        info.put("jobs", String.join(",", jobs.subList(0, Math.min(50, jobs.size()))));
        return info;
    }

    static void requireHandler(JobHandler<?> handler) {
        if (handler == null || handler.type() == null || handler.argsType() == null) {
            throw new IllegalArgumentException("a handler needs a type name and an argument class");
        }
    }

    /** The reaper as a singleton duty. */
    private record ReaperDuty(ProcessingListReaper reaper, Duration interval) implements SingletonDuty {
        @Override
        public String name() {
            return "reaper";
        }

        @Override
        public void start() {
            reaper.start(interval);
        }

        @Override
        public void stop() {
            reaper.stop();
        }
    }
}
