package dev.capstan.worker;

import dev.capstan.redis.gates.JobGates;
import com.codahale.metrics.MetricRegistry;
import dev.capstan.api.JobHandler;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.counter.UniqueCounter;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.livestatus.LiveStatus;
import dev.capstan.redis.queue.JobSettler;
import dev.capstan.redis.queue.ProcessingListReaper;
import dev.capstan.redis.queue.ReliableFetcher;
import dev.capstan.redis.queue.WorkerHeartbeat;
import dev.capstan.scheduler.PromoterOptions;
import dev.capstan.scheduler.ScheduledJobPromoter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * {@link FetchDispatcher}, {@link AckBatcher}, {@link ProcessingListReconciler}, {@link ClusterStats},
 * {@link LeaderDuties} (which runs the {@link ProcessingListReaper}, the lifecycle outbox sweeper, the
 * periodic scheduler and other singleton duties on the leader only), the {@link ScheduledJobPromoter}
 * for its queues, {@link LifecycleHooks} (the cancel-request subscription and its heartbeat-paced
 * check), and the feature-flag subscriber behind {@link JobGates}. See {@code docs/ARCHITECTURE.md}.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    /**
     * How long {@link #close()} keeps trying to write to Redis (job outcomes, acknowledgements, pushing
     * unfinished jobs back) when Redis is unreachable, counted from the start of the shutdown: then it
     * gives up, and the reaper returns what is left once this worker's heartbeat expires.
     */
    public static final Duration SHUTDOWN_WRITE_TIMEOUT = Duration.ofSeconds(5);

    private final WorkerSettings settings;
    private final CapstanRedis capstan;
    private final WorkerIdentity identity = WorkerIdentity.create();
    private final RunningJobs running = new RunningJobs();
    private final HeldJobs held = new HeldJobs();
    private final Instant startedAt = Instant.now();
    private final WorkerMetrics metrics;
    private final JobSettler settler;
    private final Settle settle;
    private final BackgroundComponents components = new BackgroundComponents();
    private AckBatcher acks;
    private FetchDispatcher dispatcher;
    private WorkerHeartbeat heartbeat;
    private volatile ProcessingListReconciler reconciler;
    private IdempotencyGuard guard;
    private HeartbeatDuties beatDuties;
    private UnfinishedJobs unfinished;
    private LeaderDuties leaderDuties;
    private ClusterStats stats;
    private FeatureFlags flags;
    private JobGates gates;
    private ExecutorService executor;
    private volatile State state = State.NEW;
    private final Termination termination = new Termination();

    enum State { NEW, RUNNING, QUIET, STOPPING, STOPPED }

    Worker(WorkerSettings settings) {
        this.settings = settings;
        this.capstan = settings.capstan();
        this.metrics = new WorkerMetrics(settings.metricRegistry());
        this.settler = new JobSettler(capstan.broker(), capstan.codec(), capstan.jobs().settler());
        this.settle = new Settle(held, identity.id());
    }

    public static WorkerBuilder builder(CapstanRedis capstan) {
        return new WorkerBuilder(capstan);
    }

    public synchronized Worker start() {
        if (state != State.NEW) {
            throw new IllegalStateException("worker " + identity.id() + " was already started");
        }
        guard = new IdempotencyGuard(capstan.broker(), identity.id(), settings.heartbeatTtl(),
                settings.idempotencyRetention());
        beatDuties = new HeartbeatDuties(guard, running, held, identity.id());
        unfinished = new UnfinishedJobs(capstan.broker(), settler, settle, held, running, guard, identity.id(),
                settings.order().queues());
        heartbeat = new WorkerHeartbeat(capstan.workers(), identity.id(), settings.heartbeatInterval(),
                settings.heartbeatTtl(), this::heartbeatInfo).listener(beatDuties::afterBeat);
        heartbeat.start(); // stopped last, by close(): it decides whether the worker leaves at once
        if (settings.gating()) {
            flags = FeatureFlags.internal(capstan.redis(), capstan.namespace()); // Capstan's switches, not the app's flags
            gates = new JobGates(flags);
            // The dashboard (or any process) asks a worker to go quiet through a flag.
            flags.addListener(flag -> {
                if (flag.equals(JobGates.quietFlag(identity.id()))) {
                    Thread.ofVirtual().start(this::quietIfRequested); // not on the flag thread: quiet() takes the worker's lock
                }
            });
            components.start(BackgroundComponent.of("feature flags", () -> { }, this::closeFlags));
        }
        acks = new AckBatcher(settler, held, identity.id()); // closed by close(), with the write deadline
        stats = new ClusterStats(new TimeSeriesCounter(capstan.redis(), capstan.namespace()),
                new UniqueCounter(capstan.redis(), capstan.namespace()), settings.uniqueMetadataKey());
        components.start(BackgroundComponent.of("cluster stats", () -> { }, stats::close));
        ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("capstan-timeouts").factory());
        // One timer for all running jobs' timeouts (a timer task per job cost more than the jobs themselves).
        timeouts.scheduleAtFixedRate(() -> running.expireOverdue(System.nanoTime()), 50, 50, TimeUnit.MILLISECONDS);
        components.start(BackgroundComponent.of("timeout timer", () -> { }, timeouts::shutdownNow));
        // As many long-lived job threads as slots (virtual by default): starting a thread per job cost
        // the dispatcher a fifth of its time. The pool clears a stray interrupt between two jobs.
        executor = Executors.newFixedThreadPool(settings.concurrency(), settings.platformThreads()
                ? Thread.ofPlatform().daemon().name("capstan-job-", 0).factory()
                : Thread.ofVirtual().name("capstan-job-", 0).factory());
        ProgressPublisher progress = new TrackedProgress(settings.progress() != null ? settings.progress()
                : new LiveStatusProgress(new LiveStatus(capstan.redis(), capstan.namespace()), Duration.ofSeconds(30)),
                capstan.jobs().settler());
        LifecycleHooks lifecycle = new LifecycleHooks(capstan.jobs(), capstan.codec(), running, settle,
                settings.idempotencyRetention(), settings.heartbeatInterval());
        components.start(BackgroundComponent.of("lifecycle hooks", lifecycle::start, lifecycle::close));
        HandlerInvoker invoker = new HandlerInvoker(settings.middleware(), capstan.codec(), settler, settle, lifecycle);
        JobRunner runner = new JobRunner(settings.handlers(), settler, invoker, acks, metrics, stats, gates, guard, progress,
                settle, held);
        reconciler = new ProcessingListReconciler(capstan.broker(), identity.id(), settings.order().queues(), held, running,
                settings.heartbeatInterval());
        beatDuties.reconciler(reconciler);
        components.start(reconciler); // stopped explicitly by close(), before the push-back
        WorkerWarmup.run(capstan.broker(), capstan.codec(), settings.handlers(), metrics, settings.order().queues());
        if (settings.promoteScheduled()) {
            // Every worker promotes due jobs of its queues: promotion is atomic, so several promoters are
            // safe, and retries come back on time even while the leader is being replaced.
            ScheduledJobPromoter promoter = new ScheduledJobPromoter(capstan.redis(), capstan.settings(),
                    PromoterOptions.defaults().withQueues(new LinkedHashSet<>(settings.order().queues())));
            components.start(BackgroundComponent.of("promoter", promoter::start, promoter::stop));
        }
        leaderDuties = SingletonDuties.start(settings, identity.id(), components);
        startDispatcher(runner); // last: no job starts before everything around it runs
        state = State.RUNNING;
        termination.keepJvmAlive(); // until close()
        log.info("worker {} started: queues {}, concurrency {}", identity.id(), settings.order().queues(), settings.concurrency());
        return this;
    }
    private void startDispatcher(JobRunner runner) {
        Map<String, ReliableFetcher> fetchers = new LinkedHashMap<>();
        Map<String, ReliableFetcher> wakers = new LinkedHashMap<>();
        for (String queue : settings.order().queues()) {
            fetchers.put(queue, new ReliableFetcher(capstan.broker(), capstan.codec(), queue, identity.id(),
                    "worker " + identity.id() + " fetching from queue " + queue));
            wakers.put(queue, new ReliableFetcher(capstan.broker(), capstan.codec(), queue, identity.id(),
                    "worker " + identity.id() + " waiting on queue " + queue));
            metrics.registerQueueGauges(queue, capstan.admin());
        }
        Predicate<String> paused = gates == null ? settings.pausedQueue()
                : settings.pausedQueue().or(gates::isPaused);
        // Fetch ahead by up to a batch (adaptive, see ExecutionSlots); fetchBatch(1) fetches one job at a time and never ahead.
        int maxPrefetch = settings.fetchBatch() - 1;
        dispatcher = new FetchDispatcher(fetchers, wakers, settings.order(), settings.concurrency(),
                settings.fetchBatch(), maxPrefetch, executor, job -> runFetched(fetchers.get(job.queue()), job, runner),
                paused, unfinished::pushBack, held, () -> reconciler.poke());
        dispatcher.start();
    }

    /** On a job thread: decode and run one fetched element, unless the reaper took it back meanwhile. */
    private void runFetched(ReliableFetcher fetcher, FetchDispatcher.Fetched fetched, JobRunner runner) {
        String element = fetched.element();
        HeldJobs.Entry entry = held.get(element);
        if (entry != null && entry.taken) {
            held.release(element);
            log.warn("queue {}: a job was returned by the reaper before worker {} started it (its heartbeat had lapsed); "
                    + "not starting it here", fetched.queue(), identity.id());
            return;
        }
        try {
            fetcher.decode(element).ifPresent(job -> {
                held.started(element, job.job().id());
                runner.run(job, running);
            });
        } catch (RuntimeException e) {
            // Moving an undecodable element to the dead set failed. Redis away: it stays in the list and,
            // no longer held, goes back to the queue by the reconciler. Anything else: it stays here.
            if (!dev.capstan.redis.outage.RedisFailures.isTransient(e)) {
                log.error("queue {}: could not move an undecodable element to the dead set: {}", fetched.queue(), e.toString());
                held.stuck(element);
            }
        } finally {
            held.runEnded(element);
        }
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
     *
     * <p>A job whose thread does not end when interrupted stays in this worker's processing list (it may
     * still be running: pushing it back would let another worker run it at the same time); the worker
     * then stops heartbeating without leaving, and the reaper returns such jobs once its heartbeat TTL
     * has passed. A job whose handler called {@code System.exit} (it caused this shutdown) goes back at
     * once, counting a recovery, so that a job that kills its worker reaches the poison-pill limit.
     * With Redis unreachable, writing outcomes, acknowledgements and push-backs gives up
     * {@link #SHUTDOWN_WRITE_TIMEOUT} after the shutdown began (each still gets one try, and running jobs
     * still get their shutdown timeout); the reaper returns what is left.
     */
    @Override
    public synchronized void close() {
        if (state == State.NEW || state == State.STOPPED) {
            state = State.STOPPED;
            termination.reached();
            return;
        }
        state = State.STOPPING;
        // With Redis unreachable, outcome writes and push-backs give up this long after the shutdown began
        // (each still gets one try); the reaper returns what is left.
        long writeDeadline = System.nanoTime() + SHUTDOWN_WRITE_TIMEOUT.toNanos();
        settle.giveUpAt(writeDeadline);
        dispatcher.stopFetching();
        int exiting = unfinished.returnJobsThatExited();
        try {
            if (!dispatcher.awaitIdle(settings.shutdownTimeout(), exiting)) {
                log.warn("worker {}: {} job(s) still running after {}; interrupting them and pushing them back",
                        identity.id(), running.size(), settings.shutdownTimeout());
                running.cancelAll();
                if (!dispatcher.awaitIdle(Duration.ofSeconds(1), exiting)) {
                    running.cancelAll(); // one that started just as the shutdown began was not asked yet
                    dispatcher.awaitIdle(Duration.ofMillis(500), exiting);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Set<String> stuck = unfinished.threadsThatWouldNotStop(settings.heartbeatTtl());
        dispatcher.awaitFetchersStopped(Duration.ofSeconds(3));
        reconciler.stop();
        int unacked = acks.close(writeDeadline);
        dispatcher.drainHandoff(); // handed-off jobs are in the processing lists too, and go back below
        long[] pushed = unfinished.pushBackAll(stuck, writeDeadline);
        components.stopAll();
        executor.shutdownNow();
        if (stuck.isEmpty() && pushed[1] == 0) {
            heartbeat.stop(); // nothing of ours is left in Redis: leave the presence group at once
        } else {
            heartbeat.stopBeating(); // the reaper returns what is left once the heartbeat TTL has passed
        }
        state = State.STOPPED;
        termination.reached();
        if (unacked > 0 || pushed[1] > 0) {
            log.warn("worker {} stopped; could not reach Redis within {} ms to acknowledge {} finished job(s) and push "
                    + "back the unfinished ones of {} queue(s): the reaper returns them once this worker's heartbeat has "
                    + "expired (in {} ms)", identity.id(), SHUTDOWN_WRITE_TIMEOUT.toMillis(), unacked, pushed[1],
                    settings.heartbeatTtl().toMillis());
        } else {
            log.info("worker {} stopped; {} unfinished job(s) pushed back to their queues{}", identity.id(), pushed[0],
                    stuck.isEmpty() ? "" : "; " + stuck.size() + " job(s) whose threads would not stop stay in its "
                            + "processing lists until the reaper returns them (in " + settings.heartbeatTtl().toMillis() + " ms)");
        }
    }

    private void closeFlags() {
        try {
            flags.delete(JobGates.quietFlag(identity.id())); // a quiet request ends with the worker
        } catch (RuntimeException e) {
            log.debug("could not delete worker {}'s quiet flag: {}", identity.id(), e.toString());
        }
        flags.close();
    }

    /**
     * Blocks until this worker has been closed (by {@link #close()}, or by SIGTERM/SIGINT after
     * {@link #closeOnShutdown()}): the last line of a worker's {@code main}.
     */
    public void awaitTermination() throws InterruptedException {
        termination.await();
    }

    /** Waits up to {@code timeout} for the worker to be closed; true if it was. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return termination.await(timeout);
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

    /** Jobs this worker returned to their queues because a lost fetch reply had stranded them in its list. */
    long strandedJobsReturned() {
        return reconciler.strandedReturned();
    }

    /** Writes the cluster-wide counters now instead of within the next second. */
    public void flushStats() {
        stats.flush();
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
        info.put("held", beatDuties.heldSince());
        return info;
    }

    static void requireHandler(JobHandler<?> handler) {
        if (handler == null || handler.type() == null || handler.argsType() == null) {
            throw new IllegalArgumentException("a handler needs a type name and an argument class");
        }
    }
}
