package dev.capstan.worker;

import dev.capstan.redis.queue.FetchedJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The jobs a worker is running now, for heartbeats, cancellation, fencing and shutdown. */
final class RunningJobs {
    // Keyed by the stored element: unique per job, and a String caches its hash (hashing the job
    // record would hash every field on every start and finish).
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    /** {@code deadlineNanos}: when the job is overdue, on {@link System#nanoTime()}'s clock. */
    void started(FetchedJob job, RunningJobContext context, Thread thread, long deadlineNanos) {
        running.put(job.element(), new Running(job, context, thread, deadlineNanos, System.currentTimeMillis()));
    }

    /**
     * Times out every job past its deadline: marks it and interrupts its thread. One timer calls this
     * a few times a second for all jobs, instead of a timer task per job. A job whose handler has
     * returned is writing its outcome: it is never interrupted (an interrupted thread cannot do I/O).
     */
    void expireOverdue(long nowNanos) {
        for (Map.Entry<String, Running> e : running.entrySet()) {
            Running r = e.getValue();
            if (nowNanos - r.deadlineNanos() > 0 && !r.context().isTimedOut() && !r.context().hasHandlerReturned()) {
                // Under the entry's lock: a job that finished (and whose pooled thread moved on to the
                // next job) is no longer in the map, so the interrupt cannot hit the wrong job.
                running.computeIfPresent(e.getKey(), (k, still) -> {
                    if (still == r && !r.context().hasHandlerReturned()) {
                        r.context().timeOut();
                        r.context().interruptHandler(r.thread()); // or as its handler begins
                    }
                    return still;
                });
            }
        }
    }

    /**
     * Fences off the running copy of {@code element} (another copy may run now): marks it and interrupts
     * its thread, unless its handler has already returned. Returns the job if it was fenced.
     */
    FetchedJob fence(String element) {
        FetchedJob[] fenced = new FetchedJob[1];
        running.computeIfPresent(element, (k, r) -> {
            if (!r.context().hasHandlerReturned() && !r.context().isFenced()) {
                r.context().fence();
                r.context().interruptHandler(r.thread()); // or as its handler begins
                fenced[0] = r.job();
            }
            return r;
        });
        return fenced[0];
    }

    /** Whether {@code element}'s handler is running now (started, not yet returned). */
    boolean inHandler(String element) {
        Running r = running.get(element);
        return r != null && !r.context().hasHandlerReturned();
    }

    void finished(FetchedJob job) {
        running.remove(job.element());
    }

    int size() {
        return running.size();
    }

    List<String> jobIds() {
        List<String> ids = new ArrayList<>();
        running.values().forEach(r -> ids.add(r.job().job().id()));
        return ids;
    }

    /**
     * Cancels the running job with this id, if it runs here: marks it cancelled (it ends cancelled
     * and is not retried) and interrupts its handler. Returns true if it runs here.
     */
    boolean cancel(String jobId) {
        boolean found = false;
        for (Map.Entry<String, Running> e : running.entrySet()) {
            Running r = e.getValue();
            if (r.job().job().id().equals(jobId) && !r.context().isCancelRequested()) {
                found = true;
                running.computeIfPresent(e.getKey(), (k, still) -> {
                    if (still == r) { // under the entry's lock: a finished job's thread may run another one
                        r.context().requestCancel();
                        r.context().interruptHandler(r.thread());
                    }
                    return still;
                });
            }
        }
        return found;
    }

    /** Ids of the running jobs, by queue. */
    Map<String, List<String>> idsByQueue() {
        Map<String, List<String>> byQueue = new java.util.HashMap<>();
        running.values().forEach(r -> byQueue.computeIfAbsent(r.job().queue(), q -> new ArrayList<>()).add(r.job().job().id()));
        return byQueue;
    }

    /** Asks every running job to stop: sets its cancellation flag and interrupts its thread. */
    void cancelAll() {
        running.values().forEach(r -> {
            r.context().cancelForShutdown();
            r.context().interruptHandler(r.thread()); // or as its handler begins
        });
    }

    List<FetchedJob> snapshot() {
        List<FetchedJob> jobs = new ArrayList<>();
        running.values().forEach(r -> jobs.add(r.job()));
        return jobs;
    }

    /** The running jobs with the thread each runs on (for shutdown: which threads would not stop). */
    List<Running> entries() {
        return new ArrayList<>(running.values());
    }

    /** Forgets a job whose thread will not end (it called System.exit, or ignores interrupts). */
    void abandon(FetchedJob job) {
        running.remove(job.element());
    }

    record Running(FetchedJob job, RunningJobContext context, Thread thread, long deadlineNanos, long startedAt) {}
}
