package dev.capstan.dashboard;

import java.util.List;
import java.util.Map;

/**
 * The workers the dashboard shows: who is online and what each said about itself in its last
 * heartbeat (host, pid, queues, concurrency, busy, startedAt, state, jobs). Read-only.
 *
 * <p>{@link PresenceWorkerDirectory} adapts Capstan's Redis presence group; any other source
 * (a test double, another store) can implement this instead.
 */
public interface WorkerDirectory {

    /** Workers online now, each with its info map (possibly empty if it never sent any). */
    List<Worker> online();

    /** One online worker: its id and the info it published. */
    record Worker(String id, Map<String, String> info) {
        public Worker {
            info = info == null ? Map.of() : Map.copyOf(info);
        }
    }
}
