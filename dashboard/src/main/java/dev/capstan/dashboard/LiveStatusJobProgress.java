package dev.capstan.dashboard;

import dev.capstan.redis.livestatus.LiveStatus;
import java.util.Map;
import java.util.Objects;

/**
 * {@link LiveProgress} over Capstan's {@link LiveStatus}: the statuses in the topic where workers
 * publish the progress of running jobs ({@value #JOBS_TOPIC}, actor = job id), which expire by
 * themselves when a worker stops refreshing them. One read per poll.
 */
public final class LiveStatusJobProgress implements LiveProgress {
    /** The topic the worker runtime publishes job progress in (its {@code LiveStatusProgress.TOPIC}). */
    public static final String JOBS_TOPIC = "jobs";

    private final LiveStatus status;
    private final String topic;

    public LiveStatusJobProgress(LiveStatus status) {
        this(status, JOBS_TOPIC);
    }

    public LiveStatusJobProgress(LiveStatus status, String topic) {
        this.status = Objects.requireNonNull(status, "status");
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public Map<String, String> current() {
        return status.current(topic);
    }
}
