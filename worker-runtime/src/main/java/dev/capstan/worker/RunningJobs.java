package dev.capstan.worker;

import dev.capstan.redis.queue.FetchedJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The jobs a worker is running now, for heartbeats, cancellation and shutdown. */
final class RunningJobs {
    // Keyed by the stored element: unique per job, and a String caches its hash (hashing the job
    // record would hash every field on every start and finish).
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    void started(FetchedJob job, RunningJobContext context, Thread thread) {
        running.put(job.element(), new Running(job, context, thread));
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

    /** Asks every running job to stop: sets its cancellation flag and interrupts its thread. */
    void cancelAll() {
        running.values().forEach(r -> {
            r.context().cancelForShutdown();
            r.thread().interrupt();
        });
    }

    List<FetchedJob> snapshot() {
        List<FetchedJob> jobs = new ArrayList<>();
        running.values().forEach(r -> jobs.add(r.job()));
        return jobs;
    }

    private record Running(FetchedJob job, RunningJobContext context, Thread thread) {}
}
