package dev.capstan.worker;

import dev.capstan.api.Job;
import dev.capstan.redis.livestatus.LiveStatus;
import java.time.Duration;

/**
 * Publishes job progress as a live status in topic "jobs" (actor = job id), which the dashboard
 * shows and which expires by itself if the worker dies and stops refreshing it.
 */
public final class LiveStatusProgress implements ProgressPublisher {
    public static final String TOPIC = "jobs";
    private final LiveStatus status;
    private final Duration ttl;

    public LiveStatusProgress(LiveStatus status, Duration ttl) {
        this.status = status;
        this.ttl = ttl;
    }

    @Override
    public void publish(Job job, int percent, String message) {
        status.announce(TOPIC, job.id(), percent + "% " + (message == null ? "" : message) + " (" + job.type() + ")", ttl);
    }

    @Override
    public void clear(Job job) {
        status.clear(TOPIC, job.id());
    }
}
