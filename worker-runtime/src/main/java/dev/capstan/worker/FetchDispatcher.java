package dev.capstan.worker;

import dev.capstan.redis.queue.FetchedJob;
import dev.capstan.redis.queue.JobSettler;
import dev.capstan.redis.queue.ReliableFetcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background component that keeps a worker's execution slots busy.
 *
 * <p>One dispatcher thread takes as many free slots as there are (up to a batch) and fills them
 * with one non-blocking batch fetch per queue, in the {@link QueueOrder}. When every queue is empty
 * it goes idle, and one waker thread per queue blocks on BLMOVE for that queue (one connection per
 * queue, not per slot); the first job to arrive anywhere is handed to the dispatcher at once, which
 * then fetches a full round again. Busy workers thus make one round trip per batch, and idle ones
 * wake within milliseconds of an enqueue without polling.
 */
final class FetchDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FetchDispatcher.class);
    private static final Duration WAKER_BLOCK = Duration.ofSeconds(1);

    private final Map<String, ReliableFetcher> fetchers;
    private final Map<String, ReliableFetcher> wakerFetchers;
    private final QueueOrder order;
    private final int maxBatch;
    private final Semaphore slots;
    private final int concurrency;
    private final Executor executor;
    private final Consumer<FetchedJob> run;
    private final Predicate<String> paused;
    private final JobSettler settler;
    private final LinkedBlockingQueue<FetchedJob> handoff = new LinkedBlockingQueue<>();
    private final Object idleSignal = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean fetching = true;
    private volatile boolean idle;

    FetchDispatcher(Map<String, ReliableFetcher> fetchers, Map<String, ReliableFetcher> wakerFetchers, QueueOrder order,
                    int concurrency, int maxBatch, Executor executor, Consumer<FetchedJob> run, Predicate<String> paused,
                    JobSettler settler) {
        this.fetchers = fetchers;
        this.wakerFetchers = wakerFetchers;
        this.order = order;
        this.concurrency = concurrency;
        this.maxBatch = Math.max(1, maxBatch);
        this.slots = new Semaphore(concurrency);
        this.executor = executor;
        this.run = run;
        this.paused = paused;
        this.settler = settler;
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
        threads.forEach(Thread::interrupt);
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
        if (slots.tryAcquire(concurrency, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            slots.release(concurrency);
            return true;
        }
        return false;
    }

    int busy() {
        return concurrency - slots.availablePermits();
    }

    /** Jobs fetched but never started (handed over by a waker after fetching stopped). */
    List<FetchedJob> drainHandoff() {
        List<FetchedJob> left = new ArrayList<>();
        handoff.drainTo(left);
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
                List<FetchedJob> jobs = new ArrayList<>(held);
                handoff.drainTo(jobs, held);
                fetchRound(jobs, held);
                if (jobs.isEmpty()) {
                    goIdle();
                    FetchedJob woken = handoff.poll(250, TimeUnit.MILLISECONDS);
                    if (woken != null) {
                        // Start the woken job at once; the next round tops up the other slots.
                        idle = false;
                        jobs.add(woken);
                        handoff.drainTo(jobs, held - 1);
                    }
                } else {
                    idle = false;
                }
                pushBackPaused(jobs);
                slots.release(held - jobs.size());
                held = 0;
                for (FetchedJob job : jobs) {
                    executor.execute(() -> {
                        try {
                            run.accept(job);
                        } finally {
                            slots.release();
                        }
                    });
                }
            } catch (InterruptedException e) {
                slots.release(held);
                if (!fetching) {
                    return;
                }
            } catch (RuntimeException e) {
                slots.release(held);
                log.warn("dispatcher round failed, continuing: {}", e.toString());
            }
        }
    }

    /** A waker may have fetched a job just before its queue was paused: put such jobs back, unstarted. */
    private void pushBackPaused(List<FetchedJob> jobs) {
        List<FetchedJob> back = new ArrayList<>();
        jobs.removeIf(j -> paused.test(j.queue()) && back.add(j));
        if (!back.isEmpty()) {
            settler.requeue(back);
        }
    }

    private void fetchRound(List<FetchedJob> jobs, int want) {
        for (String queue : order.nextRound()) {
            if (jobs.size() >= want || !fetching) {
                return;
            }
            if (!paused.test(queue)) {
                jobs.addAll(fetchers.get(queue).fetch(want - jobs.size(), Duration.ZERO));
            }
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
                if (paused.test(queue)) {
                    synchronized (idleSignal) {
                        idleSignal.wait(200);
                    }
                    continue;
                }
                List<FetchedJob> got = fetcher.fetch(1, WAKER_BLOCK);
                if (!got.isEmpty() && (!fetching || paused.test(queue))) {
                    settler.requeue(got); // fetched while the worker went quiet or the queue paused: not ours to start
                } else {
                    handoff.addAll(got);
                }
            } catch (InterruptedException e) {
                if (!fetching) {
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("waker for queue {} failed, continuing: {}", queue, e.toString());
            }
        }
    }
}
