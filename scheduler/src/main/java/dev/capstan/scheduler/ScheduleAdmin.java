package dev.capstan.scheduler;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobRequest;
import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.redis.queue.RedisJobClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Adds, changes, lists, pauses, triggers and removes periodic schedules. Running
 * {@link PeriodicScheduler}s see changes within their {@link SchedulerOptions#maxSleep}.
 *
 * <p>Definitions are written with single-key commands: a change that races with a tick being fired
 * applies from the next tick on.
 */
public final class ScheduleAdmin {
    private final ScheduleStore store;
    private final RedisJobClient client;
    private final ServerClock clock;

    public ScheduleAdmin(UnifiedJedis redis, QueueSettings settings, JobCodec codec) {
        QueueBroker broker = new QueueBroker(redis, settings);
        this.store = new ScheduleStore(redis, broker, codec);
        this.client = new RedisJobClient(broker, codec);
        this.clock = new ServerClock(redis, store.definitionsKey(), 30_000);
    }

    /**
     * Adds a schedule or replaces the one with the same id. A new (or newly enabled) schedule counts
     * its ticks from now; a changed one keeps its run history. Throws IllegalArgumentException if the
     * arguments are not valid JSON.
     */
    public void save(PeriodicSchedule schedule) {
        ScheduleStore.encode(schedule); // validates before anything is written
        Optional<PeriodicSchedule> before = store.get(schedule.id());
        if (before.isPresent() && !before.get().queue().equals(schedule.queue())) {
            store.moveState(before.get(), schedule);
        }
        if (before.isEmpty() || (!before.get().enabled() && schedule.enabled())) {
            store.markActiveSince(schedule, clock.nowMillis());
        }
        store.put(schedule);
    }

    public Optional<ScheduleView> get(String id) {
        return store.get(id).map(this::view);
    }

    /** All schedules by id, with their next and last runs. */
    public List<ScheduleView> list() {
        List<ScheduleView> views = new ArrayList<>();
        for (PeriodicSchedule s : store.all().values()) {
            views.add(view(s));
        }
        return views;
    }

    /** Pauses or resumes a schedule; ticks while paused are never caught up. False if there is no such schedule. */
    public boolean setEnabled(String id, boolean enabled) {
        Optional<PeriodicSchedule> s = store.get(id);
        if (s.isEmpty()) {
            return false;
        }
        save(s.get().withEnabled(enabled));
        return true;
    }

    /**
     * Enqueues the schedule's job now, outside its ticks (metadata {@code capstan.manual=true});
     * does not change when it runs next. Returns the job id, or empty if there is no such schedule.
     */
    public Optional<String> runNow(String id) {
        return store.get(id).map(s -> {
            JobRequest request = JobRequest.of(s.jobType(), ScheduleStore.parseArgs(s))
                    .queue(s.queue()).maxAttempts(s.maxAttempts())
                    .metadata("capstan.schedule", s.id()).metadata("capstan.manual", "true");
            EnqueueResult result = client.enqueue(request);
            return result.jobId();
        });
    }

    /** Deletes the schedule and its run state; true if it existed. Jobs already enqueued stay. */
    public boolean delete(String id) {
        return store.get(id).map(store::remove).orElse(false);
    }

    private ScheduleView view(PeriodicSchedule s) {
        ScheduleState state = store.state(s);
        Instant next = null;
        if (s.enabled()) {
            long from = Math.max(clock.nowMillis(), state.covered());
            next = s.trigger().nextAfter(Instant.ofEpochMilli(from));
        }
        return new ScheduleView(s, next, instant(state.lastFiredAt()), instant(state.lastTick()), state.lastJobId());
    }

    private static Instant instant(long ms) {
        return ms == 0 ? null : Instant.ofEpochMilli(ms);
    }
}
