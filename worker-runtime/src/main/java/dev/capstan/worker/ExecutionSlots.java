package dev.capstan.worker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts a worker's jobs in flight (fetched and not yet finished: running, or waiting in the local
 * buffer for a free job thread) and lets the dispatcher wait for room.
 *
 * <p>Room is the concurrency plus a prefetch: jobs fetched ahead of free slots, so that one fetch
 * round trip carries a full batch and the job threads never wait for the dispatcher. A prefetched job
 * is already in the worker's processing list (safe from a crash, as a running one), but no other
 * worker can take it, so the prefetch adapts to how long jobs run: it holds at most as many jobs as
 * the slots finish in {@link #PREFETCH_WAIT} (none until the first jobs have been timed, none for jobs
 * that take longer than that), and never more than {@code maxPrefetch}.
 */
final class ExecutionSlots {
    /** How long a prefetched job should wait, at most, for a free slot. */
    static final Duration PREFETCH_WAIT = Duration.ofMillis(5);

    private final int concurrency;
    private final int maxPrefetch;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private volatile boolean waiting;
    /** Mean run time of recent jobs, ns (exponentially weighted, 1/8 per job; races only lose a sample). */
    private volatile long meanRunNanos;

    ExecutionSlots(int concurrency, int maxPrefetch) {
        this.concurrency = concurrency;
        this.maxPrefetch = Math.max(0, maxPrefetch);
    }

    int concurrency() {
        return concurrency;
    }

    /** How many jobs may be in flight now: the slots, plus the prefetch the recent run times allow. */
    int limit() {
        long mean = meanRunNanos;
        if (maxPrefetch == 0 || mean <= 0) {
            return concurrency;
        }
        long fits = concurrency * PREFETCH_WAIT.toNanos() / mean;
        return concurrency + (int) Math.min(maxPrefetch, fits);
    }

    /**
     * Waits until there is room, then reserves up to {@code max} places; returns how many (at least 1).
     * While fetched jobs still wait for a slot, it waits for room for half a batch, so that a busy
     * worker fetches in large batches rather than one job per finished one.
     */
    int reserve(int max) throws InterruptedException {
        while (true) {
            int limit = limit();
            int now = inFlight.get();
            int enough = now > concurrency ? Math.max(1, Math.min(max, limit - concurrency) / 2) : 1;
            if (limit - now >= enough) {
                int n = Math.min(max, limit - now);
                if (inFlight.compareAndSet(now, now + n)) {
                    return n;
                }
                continue;
            }
            lock.lockInterruptibly();
            try {
                waiting = true;
                if (inFlight.get() >= now) { // nothing finished since the check above: still not enough room
                    // Bounded: the limit also grows when run times drop, which signals nobody.
                    room.await(20, TimeUnit.MILLISECONDS);
                }
            } finally {
                waiting = false;
                lock.unlock();
            }
        }
    }

    /** Reserves one place only if a slot is free to run a job now (not a prefetch place). */
    boolean tryReserveToRun() {
        while (true) {
            int now = inFlight.get();
            if (now >= concurrency) {
                return false;
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back places reserved and not used, or of jobs that finished. */
    void release(int n) {
        if (n <= 0) {
            return;
        }
        inFlight.addAndGet(-n);
        if (waiting) {
            lock.lock();
            try {
                room.signalAll(); // the dispatcher and a shutdown may both wait
            } finally {
                lock.unlock();
            }
        }
    }

    /** A job ran for {@code nanos}: feeds the prefetch's estimate of run times. */
    void ran(long nanos) {
        long mean = meanRunNanos;
        meanRunNanos = mean <= 0 ? Math.max(1, nanos) : mean + ((nanos - mean) >> 3);
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Waits up to {@code timeout} until at most {@code left} jobs are in flight; true if so. */
    boolean awaitAtMost(int left, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > left) {
            long wait = deadline - System.nanoTime();
            if (wait <= 0) {
                return false;
            }
            lock.lockInterruptibly();
            try {
                waiting = true;
                if (inFlight.get() > left) {
                    room.await(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(10)), TimeUnit.NANOSECONDS);
                }
            } finally {
                waiting = false;
                lock.unlock();
            }
        }
        return true;
    }
}
