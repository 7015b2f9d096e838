package dev.capstan.dashboard;

import dev.capstan.redis.presence.Presence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link WorkerDirectory} over the presence group in which Capstan's workers heartbeat
 * ({@code capstan.workers()}). One call per online worker to read its info: fine for tens of
 * workers, and the dashboard polls it only while someone looks at the page.
 */
public final class PresenceWorkerDirectory implements WorkerDirectory {
    private final Presence presence;

    public PresenceWorkerDirectory(Presence presence) {
        this.presence = presence;
    }

    @Override
    public List<Worker> online() {
        List<Worker> workers = new ArrayList<>();
        for (String id : presence.online()) {
            Map<String, String> info = presence.info(id);
            workers.add(new Worker(id, info));
        }
        return workers;
    }
}
