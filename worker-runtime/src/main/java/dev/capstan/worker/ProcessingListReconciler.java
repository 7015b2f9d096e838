package dev.capstan.worker;

import dev.capstan.redis.outage.OutageBackoff;
import dev.capstan.redis.queue.FetchedJob;
import dev.capstan.redis.queue.QueueBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background component that keeps a live worker's processing lists equal to what it really holds
 * ({@link HeldJobs}), every heartbeat interval and soon after a fetch failed or the heartbeat lapsed:
 * <ul>
 *   <li><b>Stranded jobs.</b> A fetch is applied by Redis even when its reply is lost (a stalled or
 *       dropped connection, a server crash): the jobs sit in this worker's list, and the worker, alive
 *       and heartbeating, never learns of them, so the reaper never returns them. An element in the list
 *       that this worker does not hold, at two reads in a row, and that no fetch sent before the first
 *       read can still deliver (none is still in flight), goes back to the front of its queue
 *       (unchanged: it never started). The second read follows the first within {@link #SECOND_LOOK}.</li>
 *   <li><b>Jobs taken over.</b> A held element that left the list without this worker writing its
 *       outcome was returned by the reaper (the worker was frozen or cut off past its heartbeat TTL):
 *       another copy may run it now. A running copy is fenced off (interrupted, its outcome not
 *       recorded); one not yet started is not started.</li>
 * </ul>
 * One LRANGE per queue and pass; a job list is short (the worker's concurrency plus a batch).
 */
final class ProcessingListReconciler implements BackgroundComponent {
    private static final Logger log = LoggerFactory.getLogger(ProcessingListReconciler.class);
    /** How soon an element seen in the list but not held is looked at again. */
    static final Duration SECOND_LOOK = Duration.ofMillis(1500);

    private final QueueBroker broker;
    private final String workerId;
    private final List<String> queues;
    private final HeldJobs held;
    private final RunningJobs running;
    private final Duration interval;
    private final OutageBackoff backoff;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition poked = lock.newCondition();
    private boolean pokedFlag;
    private volatile boolean stopping;
    private Thread thread;
    private volatile long strandedReturned;
    private volatile long fenced;
    /** Per queue: elements listed but not held, with the time of the read that first saw them (loop thread only). */
    private final Map<String, Map<String, Long>> candidates = new HashMap<>();

    ProcessingListReconciler(QueueBroker broker, String workerId, List<String> queues, HeldJobs held, RunningJobs running,
                             Duration interval) {
        this.broker = broker;
        this.workerId = workerId;
        this.queues = List.copyOf(queues);
        this.held = held;
        this.running = running;
        this.interval = interval;
        this.backoff = new OutageBackoff("reconciler of worker " + workerId, log);
    }

    @Override
    public String name() {
        return "reconciler";
    }

    @Override
    public synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("capstan-reconciler").start(this::loop);
        }
    }

    @Override
    public synchronized void stop() {
        stopping = true;
        if (thread != null) {
            poke();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    /** Reconcile soon (a fetch failed: jobs may have moved without their reply; or the heartbeat lapsed). */
    void poke() {
        lock.lock();
        try {
            pokedFlag = true;
            poked.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Jobs returned to their queues because this worker never received them. */
    long strandedReturned() {
        return strandedReturned;
    }

    /** Running copies fenced off because the reaper had returned their jobs. */
    long fenced() {
        return fenced;
    }

    private void loop() {
        long waitMs = interval.toMillis();
        while (!stopping) {
            if (!await(waitMs)) {
                return;
            }
            try {
                reconcileOnce();
                backoff.succeeded();
                // Elements seen once and not held are looked at again soon: fetches in flight end within
                // about a second (the wakers' blocking wait), and a lost reply should not wait an interval.
                waitMs = hasCandidates() ? Math.min(interval.toMillis(), SECOND_LOOK.toMillis()) : interval.toMillis();
            } catch (RuntimeException e) {
                waitMs = Math.min(interval.toMillis(), backoff.failed(e));
            }
        }
    }

    private boolean hasCandidates() {
        for (Map<String, Long> seen : candidates.values()) {
            if (!seen.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Waits for the interval or a poke; false when stopping. */
    private boolean await(long waitMs) {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
            while (!pokedFlag && !stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                poked.awaitNanos(left);
            }
            pokedFlag = false;
            return !stopping;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** One pass over every queue of the worker. */
    void reconcileOnce() {
        for (String queue : queues) {
            reconcile(queue);
        }
    }

    private void reconcile(String queue) {
        // Held before the read: an element held now and missing from the list was taken from us.
        List<HeldJobs.Entry> heldBefore = held.entries(queue);
        long readAt = System.nanoTime();
        List<String> inRedis = broker.processing(queue, workerId);
        Set<String> listed = new HashSet<>(inRedis);

        // 1. Stranded: listed and not held, at this read and at an earlier one, and no fetch sent before
        //    that earlier read is still in flight (such a call may yet deliver the element).
        Map<String, Long> seen = candidates.computeIfAbsent(queue, q -> new HashMap<>());
        seen.keySet().removeIf(e -> !listed.contains(e) || held.holds(e));
        List<String> strays = new ArrayList<>();
        for (String element : inRedis) {
            if (held.holds(element)) {
                continue;
            }
            Long firstSeen = seen.get(element);
            if (firstSeen == null) {
                seen.put(element, readAt);
            } else if (!held.fetchInFlightSince(queue, firstSeen)) {
                strays.add(element);
            }
        }
        if (!strays.isEmpty()) {
            strays.removeIf(held::holds); // delivered after all, between the read and now
            strays.forEach(seen::remove);
            if (!strays.isEmpty()) {
                List<QueueBroker.Move> moves = new ArrayList<>(strays.size());
                strays.forEach(e -> moves.add(new QueueBroker.Move(e, e)));
                long moved = broker.requeue(queue, workerId, moves);
                if (moved > 0) {
                    strandedReturned += moved;
                    log.warn("queue {}: returned {} job(s) to the front of the queue that worker {} had fetched but never "
                            + "received (a lost fetch reply)", queue, moved, workerId);
                }
            }
        }

        // 2. Taken over: held, not being settled by us, and gone from the list.
        for (HeldJobs.Entry entry : heldBefore) {
            if (entry.stage != HeldJobs.Stage.HELD || listed.contains(entry.element) || !held.holds(entry.element)) {
                continue;
            }
            if (running.inHandler(entry.element)) {
                FetchedJob job = running.fence(entry.element);
                if (job != null) {
                    fenced++;
                    log.warn("job {} was returned to its queue by the reaper while it ran here (worker {} had been "
                            + "silent past its heartbeat TTL): stopping this copy; its outcome is not recorded",
                            job.job().id(), workerId);
                }
            } else if (entry.jobId == null) {
                entry.taken = true; // not started yet: it will not be
            }
        }
    }
}
