package dev.capstan.scheduler;

import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobDecodeException;
import dev.capstan.api.JobView;
import dev.capstan.api.Page;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.lua.ScriptRunner;
import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.QueueKeys;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.redis.queue.RedisQueueAdmin;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Repairs on delayed jobs and retries (a queue's scheduled set): list, run now, delete, reschedule.
 * Each change is one atomic operation that checks the job is still scheduled, so it cannot race a
 * promoter into running a job twice. Finding a job by id scans the set (jobs are stored whole,
 * with no index by id), so each call costs time proportional to the set's size.
 */
public final class ScheduledJobAdmin {
    private static final LuaScript RUN_NOW = LuaScript.load(ScheduledJobAdmin.class, "run_scheduled_now");
    private static final LuaScript RESCHEDULE = LuaScript.load(ScheduledJobAdmin.class, "reschedule");
    private static final int CHUNK = 1000;

    private final UnifiedJedis redis;
    private final QueueBroker broker;
    private final JobCodec codec;
    private final ScriptRunner scripts;
    private final RedisQueueAdmin queueAdmin;

    public ScheduledJobAdmin(UnifiedJedis redis, QueueSettings settings, JobCodec codec) {
        this.redis = redis;
        this.broker = new QueueBroker(redis, settings);
        this.codec = codec;
        this.scripts = new ScriptRunner(redis);
        this.queueAdmin = new RedisQueueAdmin(broker, codec);
    }

    /** Delayed and retry jobs of {@code queue}, soonest first (state SCHEDULED or RETRY). */
    public Page<JobView> list(String queue, int offset, int limit) {
        return queueAdmin.scheduled(queue, offset, limit);
    }

    /** Moves the job to the back of its queue now; false if it is not (or no longer) scheduled. */
    public boolean runNow(String queue, String jobId) {
        QueueKeys k = broker.keys(queue);
        return find(k, jobId).map(f -> scripts.runForLong(RUN_NOW, List.of(k.scheduled(), k.pending()),
                List.of(f.element())) == 1).orElse(false);
    }

    /** Deletes the scheduled job; false if it is not (or no longer) scheduled. */
    public boolean delete(String queue, String jobId) {
        QueueKeys k = broker.keys(queue);
        return find(k, jobId).map(f -> redis.zrem(k.scheduled(), f.element()) == 1).orElse(false);
    }

    /**
     * Changes when the job runs (a time in the past makes it due at once). Wakes the promoters.
     * False if it is not (or no longer) scheduled.
     */
    public boolean reschedule(String queue, String jobId, Instant runAt) {
        QueueKeys k = broker.keys(queue);
        Optional<Found> found = find(k, jobId);
        if (found.isEmpty()) {
            return false;
        }
        long at = runAt.toEpochMilli();
        String moved = codec.encode(found.get().job().withRunAt(at));
        boolean done = scripts.runForLong(RESCHEDULE, List.of(k.scheduled()),
                List.of(found.get().element(), moved, Long.toString(at))) == 1;
        if (done) {
            try {
                broker.announceScheduled(queue, at);
            } catch (RuntimeException ignored) {
                // promoters look at least every second anyway
            }
        }
        return done;
    }

    private Optional<Found> find(QueueKeys k, String jobId) {
        String needle = "\"" + jobId + "\"";
        for (long start = 0; ; start += CHUNK) {
            List<String> chunk = redis.zrange(k.scheduled(), start, start + CHUNK - 1);
            for (String element : chunk) {
                if (!element.contains(needle)) {
                    continue;
                }
                try {
                    Job job = codec.decode(element);
                    if (job.id().equals(jobId)) {
                        return Optional.of(new Found(job, element));
                    }
                } catch (JobDecodeException ignored) {
                    // not a job we can act on
                }
            }
            if (chunk.size() < CHUNK) {
                return Optional.empty();
            }
        }
    }

    private record Found(Job job, String element) {}
}
