package dev.capstan.worker;

import dev.capstan.redis.queue.FetchedJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The jobs a worker is running now, for heartbeats, cancellation and shutdown. */
final class RunningJobs {
    private final Map<FetchedJob, Running> running = new ConcurrentHashMap<>();

    void started(FetchedJob job, RunningJobContext context, Thread thread) {
        running.put(job, new Running(context, thread));
    }

    void finished(FetchedJob job) {
        running.remove(job);
    }

    int size() {
        return running.size();
    }

    List<String> jobIds() {
        List<String> ids = new ArrayList<>();
        running.keySet().forEach(j -> ids.add(j.job().id()));
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
        return new ArrayList<>(running.keySet());
    }

    private record Running(RunningJobContext context, Thread thread) {}
}
