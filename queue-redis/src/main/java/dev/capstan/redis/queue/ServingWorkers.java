package dev.capstan.redis.queue;

import dev.capstan.redis.presence.Presence;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which queues live workers serve, from what each worker says about itself in its heartbeat
 * ({@code queues}: the queues it fetches from, comma-separated; {@code state}: a QUIET or STOPPED
 * worker fetches nothing). A queue that no live worker serves keeps its jobs waiting, however
 * healthy everything else looks.
 */
public final class ServingWorkers {
    private final Presence workers;

    public ServingWorkers(Presence workers) {
        this.workers = Objects.requireNonNull(workers, "workers");
    }

    /** Queue name to the number of live, fetching workers that serve it (queues nobody serves are absent). */
    public Map<String, Integer> byQueue() {
        Map<String, Integer> counts = new HashMap<>();
        for (String worker : workers.online()) {
            Map<String, String> info = workers.info(worker);
            String state = info.getOrDefault("state", "RUNNING");
            if (state.equals("QUIET") || state.equals("STOPPED")) {
                continue;
            }
            String queues = info.get("queues");
            if (queues == null || queues.isBlank()) {
                continue;
            }
            for (String queue : queues.split(",")) {
                if (!queue.isBlank()) {
                    counts.merge(queue.trim(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** How many live, fetching workers serve {@code queue}. */
    public int count(String queue) {
        return byQueue().getOrDefault(queue, 0);
    }
}
