package dev.capstan.worker;

import dev.capstan.redis.outage.OutageBackoff;
import dev.capstan.redis.outage.OutageLog;
import dev.capstan.redis.queue.ReliableFetcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background component that keeps a worker's execution slots busy.
 *
 * <p>One dispatcher thread takes as many free slots as there are (up to a batch) and fills them
 * with one non-blocking batch fetch per queue, in the {@link QueueOrder}; decoding happens later,
 * on the job threads, so this one thread only moves elements. When every queue is empty it goes
 * idle, and one waker thread per queue blocks on BLMOVE for that queue (one connection per queue,
 * not per slot). A waker that receives a job starts it itself when a slot is free (the shortest path
 * from enqueue to start) and pokes the dispatcher, which fetches a full round again. Busy workers
 * thus make one round trip per batch, and idle ones wake within milliseconds without polling.
 *
 * <p>Every element a fetch returns is recorded in {@link HeldJobs} before the call counts as ended, and
 * each call is registered there while in flight, so the {@link ProcessingListReconciler} can tell an
 * element whose fetch reply was lost from one that is on its way. A failed fetch asks the reconciler
 * to look soon: Redis may have moved jobs whose reply never arrived.
 */
final class FetchDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FetchDispatcher.class);
    private static final Duration WAKER_BLOCK = Duration.ofSeconds(1);
    /** A fetched element, not yet decoded. */
    record Fetched(String queue, String element) {}
    /** Put in the hand-off queue to wake the dispatcher without a job. */
    private static final Fetched POKE = new Fetched("", "");

    private final Map<String, ReliableFetcher> fetchers;
    private final Map<String, ReliableFetcher> wakerFetchers;
    private final QueueOrder order;
    private final int maxBatch;
    private final Semaphore slots;
    private final int concurrency;
    private final Executor executor;
    private final Consumer<Fetched> run;
    private final Predicate<String> paused;
    private final BiConsumer<String, List<String>> pushBack;
    private final HeldJobs held;
    private final Runnable fetchFailed;
    private final LinkedBlockingQueue<Fetched> handoff = new LinkedBlockingQueue<>();
    private final Object idleSignal = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean fetching = true;
    private volatile boolean idle;
    private final OutageBackoff dispatcherBackoff = new OutageBackoff("dispatcher", log);
    private final OutageLog pausedReads = new OutageLog("reading whether queues are paused", log);

    FetchDispatcher(Map<String, ReliableFetcher> fetchers, Map<String, ReliableFetcher> wakerFetchers, QueueOrder order,
                    int concurrency, int maxBatch, Executor executor, Consumer<Fetched> run, Predicate<String> paused,
                    BiConsumer<String, List<String>> pushBack, HeldJobs held, Runnable fetchFailed) {
        this.fetchers = fetchers;
        this.wakerFetchers = wakerFetchers;
        this.order = order;
        this.concurrency = concurrency;
        this.maxBatch = Math.max(1, maxBatch);
        this.slots = new Semaphore(concurrency);
        this.executor = executor;
        this.run = run;
        this.paused = paused;
        this.pushBack = pushBack;
        this.held = held;
        this.fetchFailed = fetchFailed;
    }

    void start() {
        threads.add(Thread.ofPlatform().daemon().name("capstan-dispatcher").start(this::dispatchLoop));
        for (String queue : order.queues()) {
            threads.add(Thread.ofPlatform().daemon().name("capstan-waker-" + queue).start(() -> wakerLoop(queue)));
        }
    }

    /** Stops taking new jobs; running ones go on. */
    void stopFetching() {
        fetching = false;
        synchronized (idleSignal) {
            idleSignal.notifyAll();
        }
        handoff.add(POKE);
    }

    /** Waits up to {@code timeout} for the fetch threads to exit (a waker may be inside a blocking fetch). */
    void awaitFetchersStopped(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Waits until no job is running, up to {@code timeout}; true if all finished. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        return awaitIdle(timeout, 0);
    }

    /**
     * Waits until no job is running except {@code abandoned} ones whose threads will never give their
     * slot back (a job that called System.exit), up to {@code timeout}; true if all others finished.
     */
    boolean awaitIdle(Duration timeout, int abandoned) throws InterruptedException {
        int wanted = Math.max(0, concurrency - abandoned);
        if (slots.tryAcquire(wanted, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            slots.release(wanted);
            return true;
        }
        return false;
    }

    /** Jobs fetched but never started (handed over by a waker after fetching stopped). */
    List<Fetched> drainHandoff() {
        List<Fetched> left = new ArrayList<>();
        handoff.drainTo(left);
        left.removeIf(f -> f == POKE);
        return left;
    }

    @Override
    public void close() {
        stopFetching();
    }

    private void dispatchLoop() {
        while (fetching) {
            int held = 0;
            try {
                slots.acquire();
                held = 1;
                int more = Math.min(maxBatch - 1, slots.availablePermits());
                if (more > 0 && slots.tryAcquire(more)) {
                    held += more;
                }
                List<Fetched> jobs = new ArrayList<>(held);
                takeHandoffs(jobs, held);
                fetchRound(jobs, held);
                if (jobs.isEmpty()) {
                    goIdle();
                    Fetched woken = handoff.poll(250, TimeUnit.MILLISECONDS);
                    if (woken != null) {
                        idle = false;
                        if (woken != POKE) {
                            jobs.add(woken); // start it at once; the next round tops up the other slots
                        }
                        takeHandoffs(jobs, held);
                    }
                } else {
                    idle = false;
                }
                pushBackPaused(jobs);
                if (!fetching) {
                    // Shutdown began while this round collected jobs: none of them may start now (the
                    // shutdown has already asked the running ones to stop); they go back unstarted.
                    jobs.forEach(j -> pushBack.accept(j.queue(), List.of(j.element())));
                    jobs.clear();
                }
                slots.release(held - jobs.size());
                held = 0;
                jobs.forEach(this::execute);
            } catch (InterruptedException e) {
                slots.release(held);
                if (!fetching) {
                    return;
                }
            } catch (RuntimeException e) {
                slots.release(held);
                // Redis away (e.g. the paused-queue check reads a flag): back off, log the outage once.
                dispatcherBackoff.pause(e);
                continue;
            }
            dispatcherBackoff.succeeded();
        }
    }

    /** Runs one job on the executor; its slot must already be held, and is given back when it ends. */
    private void execute(Fetched job) {
        executor.execute(() -> {
            try {
                run.accept(job);
            } finally {
                slots.release();
            }
        });
    }

    private void takeHandoffs(List<Fetched> jobs, int max) {
        Fetched f;
        while (jobs.size() < max && (f = handoff.poll()) != null) {
            if (f != POKE) {
                jobs.add(f);
            }
        }
    }

    /** A waker may have fetched a job just before its queue was paused: put such jobs back, unstarted. */
    private void pushBackPaused(List<Fetched> jobs) {
        List<Fetched> back = new ArrayList<>();
        jobs.removeIf(j -> isPaused(j.queue()) && back.add(j));
        back.forEach(j -> pushBack.accept(j.queue(), List.of(j.element())));
    }

    private void fetchRound(List<Fetched> jobs, int want) {
        for (String queue : order.nextRound()) {
            if (jobs.size() >= want || !fetching) {
                return;
            }
            if (!isPaused(queue)) {
                ReliableFetcher fetcher = fetchers.get(queue);
                long call = held.fetchStarting(queue);
                List<String> elements;
                try {
                    elements = fetcher.fetchElements(want - jobs.size(), Duration.ZERO);
                    held.fetched(queue, elements); // held before the call counts as ended
                } finally {
                    held.fetchEnded(call);
                }
                for (String element : elements) {
                    jobs.add(new Fetched(queue, element));
                }
                if (fetcher.lastCallFailed()) {
                    fetchFailed.run();
                }
            }
        }
    }

    /**
     * Whether a queue is paused. When that cannot be read (the flag store is unreachable) the answer is
     * "not paused": a job already fetched runs, and a fetch tells soon enough whether Redis is there
     * (the fetcher backs off). Never throws, so a fetched job is never left between fetch and start.
     */
    private boolean isPaused(String queue) {
        try {
            boolean answer = paused.test(queue);
            pausedReads.succeeded();
            return answer;
        } catch (RuntimeException e) {
            pausedReads.failed(e, "taking the queue for not paused meanwhile");
            return false;
        }
    }

    private void goIdle() {
        if (!idle) {
            idle = true;
            synchronized (idleSignal) {
                idleSignal.notifyAll();
            }
        }
    }

    private void wakerLoop(String queue) {
        ReliableFetcher fetcher = wakerFetchers.get(queue);
        OutageBackoff backoff = new OutageBackoff("waker of queue " + queue, log);
        while (fetching) {
            try {
                synchronized (idleSignal) {
                    while (fetching && !idle) {
                        idleSignal.wait();
                    }
                }
                if (!fetching) {
                    return;
                }
                if (isPaused(queue)) {
                    synchronized (idleSignal) {
                        idleSignal.wait(200);
                    }
                    continue;
                }
                long call = held.fetchStarting(queue);
                String element;
                try {
                    element = fetcher.awaitElement(WAKER_BLOCK);
                    if (element != null) {
                        held.fetched(queue, element); // held before the call counts as ended
                    }
                } finally {
                    held.fetchEnded(call);
                }
                if (element != null) {
                    wake(new Fetched(queue, element));
                } else if (fetcher.lastCallFailed()) {
                    fetchFailed.run();
                }
                backoff.succeeded();
            } catch (InterruptedException e) {
                if (!fetching) {
                    return;
                }
            } catch (RuntimeException e) {
                backoff.pause(e); // Redis away (e.g. the paused-queue check): back off, log the outage once
            }
        }
    }

    private void wake(Fetched job) {
        if (!fetching || isPaused(job.queue())) {
            pushBack.accept(job.queue(), List.of(job.element())); // not ours to start any more
        } else if (slots.tryAcquire()) {
            if (!fetching) { // shutdown began meanwhile: do not start it
                slots.release();
                pushBack.accept(job.queue(), List.of(job.element()));
                return;
            }
            execute(job);
            handoff.add(POKE); // more may have arrived: let the dispatcher fetch a full round
        } else {
            handoff.add(job);
        }
    }
}
