package dev.capstan.redis.queue;

import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobDecodeException;
import dev.capstan.api.JobState;
import dev.capstan.api.JobView;
import dev.capstan.api.Page;
import dev.capstan.api.QueueAdmin;
import dev.capstan.api.QueueInfo;
import dev.capstan.api.QueueNames;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.lua.ScriptRunner;
import dev.capstan.redis.presence.Presence;
import dev.capstan.redis.queue.QueueBroker.Move;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.Tuple;

/** The admin API on Redis: what the dashboard reads and the repairs it offers. */
public final class RedisQueueAdmin implements QueueAdmin {
    private static final LuaScript PURGE = LuaScript.load(RedisQueueAdmin.class, "purge");
    private static final LuaScript QUEUE_COUNTS = LuaScript.load(RedisQueueAdmin.class, "queue_counts");
    private static final int CHUNK = 500;

    private final QueueBroker broker;
    private final UnifiedJedis redis;
    private final JobCodec codec;
    private final Predicate<String> pausedQueue;
    private final ServingWorkers servingWorkers;
    private final Presence workers;

    public RedisQueueAdmin(QueueBroker broker, JobCodec codec) {
        this(broker, codec, queue -> false);
    }

    /** {@code pausedQueue} tells whether a queue is paused (the worker runtime's gating flags). */
    public RedisQueueAdmin(QueueBroker broker, JobCodec codec, Predicate<String> pausedQueue) {
        this(broker, codec, pausedQueue, null);
    }

    /**
     * {@code workers} is the presence group the workers heartbeat in (null: not known). From it the
     * admin tells how many live workers serve each queue ({@link QueueInfo#servingWorkers()}, else
     * {@link QueueInfo#UNKNOWN_WORKERS}) and since when each worker holds its in-flight jobs, which the
     * in-flight views carry in {@link JobView#at()}.
     */
    public RedisQueueAdmin(QueueBroker broker, JobCodec codec, Predicate<String> pausedQueue, Presence workers) {
        this.broker = broker;
        this.redis = broker.redis();
        this.codec = codec;
        this.pausedQueue = pausedQueue;
        this.servingWorkers = workers == null ? null : new ServingWorkers(workers);
        this.workers = workers;
    }

    /**
     * Every queue of the registry, sorted by name. A queue that cannot be read (a key of the wrong
     * type, a registry member that is not a valid queue name) is listed with its error instead of
     * failing the whole list; only a lost connection fails it.
     */
    @Override
    public List<QueueInfo> queues() {
        Map<String, Integer> serving = servingWorkers == null ? null : servingWorkers.byQueue(); // once for all queues
        List<QueueInfo> infos = new ArrayList<>();
        for (String name : new TreeSet<>(broker.registryMembers())) {
            if (!QueueNames.isValidQueue(name)) {
                infos.add(QueueInfo.broken(name, "not a valid queue name: a stray member of the queue registry "
                        + broker.registryKey() + " (remove it with SREM)"));
            } else {
                infos.add(queue(name, serving));
            }
        }
        return infos;
    }

    /**
     * One queue's counts; a queue whose keys cannot be read comes back {@linkplain QueueInfo#broken broken},
     * naming the key and Redis' error.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid queue name
     */
    @Override
    public QueueInfo queue(String name) {
        return queue(name, servingWorkers == null ? null : servingWorkers.byQueue());
    }

    private QueueInfo queue(String name, Map<String, Integer> serving) {
        QueueKeys k = broker.keys(name);
        String key = k.workers();
        try {
            List<Object> counts = counts(k, name);
            long latency = 0;
            if (counts.get(1) instanceof String oldest) {
                Optional<Job> job = tryDecode(oldest);
                if (job.isPresent()) {
                    long since = job.get().runAt() > 0 ? job.get().runAt() : job.get().enqueuedAt();
                    latency = Math.max(0, System.currentTimeMillis() - since);
                }
            }
            return new QueueInfo(name, (Long) counts.get(0), latency, (Long) counts.get(2), (Long) counts.get(3),
                    (Long) counts.get(4), pausedQueue.test(name),
                    serving == null ? QueueInfo.UNKNOWN_WORKERS : serving.getOrDefault(name, 0));
        } catch (JedisDataException e) {
            // A key of the wrong type (written by something else): show it, and the other queues with it.
            String message = e.getMessage();
            return QueueInfo.broken(name, message != null && message.startsWith("WRONGTYPE key ") ? message : key + ": " + message);
        }
    }

    /**
     * One script, so that the counts are one moment's: a job is counted once wherever it is. Its keys
     * name the workers' processing lists, read just before; when a worker registered in between, the
     * lists are read again (a few times at most: workers do not start every millisecond).
     */
    private List<Object> counts(QueueKeys k, String name) {
        ScriptRunner scripts = new ScriptRunner(redis);
        List<Object> counts;
        int tries = 0;
        do {
            List<String> workerIds = new ArrayList<>(broker.workersOf(name));
            List<String> keys = new ArrayList<>(List.of(k.pending(), k.scheduled(), k.dead(), k.workers()));
            workerIds.forEach(worker -> keys.add(k.processing(worker)));
            counts = scripts.runForList(QUEUE_COUNTS, keys, workerIds);
        } while ((Long) counts.get(5) == 0 && ++tries < 5);
        return counts;
    }

    @Override
    public Page<JobView> waiting(String queue, int offset, int limit) {
        QueueKeys k = broker.keys(queue);
        // The oldest job is at the right end of the list: read from the right and reverse.
        List<String> slice = redis.lrange(k.pending(), -(long) offset - limit, -(long) offset - 1);
        Collections.reverse(slice);
        List<JobView> views = new ArrayList<>(slice.size());
        for (String element : slice) {
            views.add(view(queue, element, JobState.WAITING, null, 0));
        }
        return new Page<>(views, offset, redis.llen(k.pending()));
    }

    /** In-flight jobs by worker; each view's {@code at} is since when its worker holds it (0: not reported). */
    @Override
    public Page<JobView> inFlight(String queue, int offset, int limit) {
        List<JobView> all = new ArrayList<>();
        for (String worker : new TreeSet<>(broker.workersOf(queue))) {
            Map<String, Long> since = heldSince(worker);
            for (String element : broker.processing(queue, worker)) {
                JobView v = view(queue, element, JobState.IN_FLIGHT, worker, 0);
                all.add(new JobView(v.job(), JobState.IN_FLIGHT, worker, since.getOrDefault(v.job().id(), 0L)));
            }
        }
        int from = Math.min(offset, all.size());
        return new Page<>(all.subList(from, Math.min(all.size(), from + limit)), offset, all.size());
    }

    /** Delayed, retry, and keyed jobs waiting for their key's lock ({@link JobState#WAITING_FOR_KEY}), soonest first. */
    @Override
    public Page<JobView> scheduled(String queue, int offset, int limit) {
        QueueKeys k = broker.keys(queue);
        List<JobView> views = new ArrayList<>();
        for (Tuple t : redis.zrangeWithScores(k.scheduled(), offset, offset + limit - 1L)) {
            views.add(scheduledView(queue, view(queue, t.getElement(), JobState.SCHEDULED, null, (long) t.getScore())));
        }
        return new Page<>(views, offset, redis.zcard(k.scheduled()));
    }

    /** RETRY when it failed before; WAITING_FOR_KEY when another copy holds its idempotency key's lock. */
    private JobView scheduledView(String queue, JobView v) {
        Job job = v.job();
        if (job.idempotencyKey() != null) {
            String holder = broker.keyLockHolder(queue, job.idempotencyKey()); // "worker job fence"
            if (holder != null) {
                String[] parts = holder.split(" ");
                if (parts.length == 3) { // another copy of the key (or of this very job, recovered) holds it
                    return new JobView(job, JobState.WAITING_FOR_KEY, parts[0], v.at());
                }
            }
        }
        return job.isRetry() ? new JobView(job, JobState.RETRY, null, v.at()) : v;
    }

    /** Job id -> since when {@code worker} holds it (epoch ms), from the worker's heartbeat info. */
    private Map<String, Long> heldSince(String worker) {
        if (workers == null) {
            return Map.of();
        }
        String held = workers.info(worker).get("held");
        if (held == null || held.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> since = new HashMap<>();
        for (String pair : held.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    since.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
                } catch (NumberFormatException ignored) {
                    // a malformed entry: that job shows no time
                }
            }
        }
        return since;
    }

    @Override
    public Page<JobView> dead(String queue, int offset, int limit) {
        QueueKeys k = broker.keys(queue);
        List<JobView> views = new ArrayList<>();
        for (Tuple t : redis.zrevrangeWithScores(k.dead(), offset, offset + limit - 1L)) {
            views.add(view(queue, t.getElement(), JobState.DEAD, null, (long) t.getScore()));
        }
        return new Page<>(views, offset, redis.zcard(k.dead()));
    }

    @Override
    public Optional<JobView> find(String jobId) {
        return new JobFinder(broker, codec).find(jobId).map(FoundJob::view).map(v -> switch (v.state()) {
            case IN_FLIGHT -> new JobView(v.job(), v.state(), v.workerId(),
                    heldSince(v.workerId()).getOrDefault(v.job().id(), 0L));
            case SCHEDULED, RETRY -> scheduledView(v.job().queue(), new JobView(v.job(), JobState.SCHEDULED, null, v.at()));
            default -> v;
        });
    }

    @Override
    public boolean delete(String jobId) {
        Optional<FoundJob> found = new JobFinder(broker, codec).find(jobId);
        if (found.isEmpty()) {
            return false;
        }
        FoundJob f = found.get();
        QueueKeys k = broker.keys(f.view().job().queue());
        return switch (f.view().state()) {
            case WAITING -> redis.lrem(k.pending(), 1, f.element()) == 1;
            case SCHEDULED, RETRY, WAITING_FOR_KEY -> redis.zrem(k.scheduled(), f.element()) == 1;
            case DEAD -> redis.zrem(k.dead(), f.element()) == 1;
            case IN_FLIGHT -> false; // a running job is finished or failed by its worker, not deleted under it
        };
    }

    @Override
    public boolean retryDead(String queue, String jobId) {
        QueueKeys k = broker.keys(queue);
        for (long start = 0; ; start += CHUNK) {
            List<String> chunk = redis.zrange(k.dead(), start, start + CHUNK - 1);
            for (String element : chunk) {
                Optional<Job> job = tryDecode(element);
                if (job.isPresent() && job.get().id().equals(jobId)) {
                    return broker.retryDead(queue, List.of(new Move(element, revived(job.get())))) == 1;
                }
            }
            if (chunk.size() < CHUNK) {
                return false;
            }
        }
    }

    @Override
    public long retryAllDead(String queue) {
        QueueKeys k = broker.keys(queue);
        long moved = 0;
        while (true) {
            List<String> chunk = redis.zrange(k.dead(), 0, CHUNK - 1);
            if (chunk.isEmpty()) {
                return moved;
            }
            List<Move> moves = new ArrayList<>(chunk.size());
            for (String element : chunk) {
                Optional<Job> job = tryDecode(element);
                // An undecodable element stays dead: retrying it would only kill it again.
                job.filter(j -> !UndecodableElements.TYPE.equals(j.type()))
                        .ifPresent(j -> moves.add(new Move(element, revived(j))));
            }
            if (moves.isEmpty()) {
                return moved;
            }
            moved += broker.retryDead(queue, moves);
        }
    }

    @Override
    public long purge(String queue) {
        return new ScriptRunner(redis).runForLong(PURGE, List.of(broker.keys(queue).pending()), List.of());
    }

    private String revived(Job job) {
        return codec.encode(job.resetForManualRetry(System.currentTimeMillis()));
    }

    private JobView view(String queue, String element, JobState state, String worker, long at) {
        return new JobView(tryDecode(element).orElseGet(() -> JobFinder.unreadable(queue, element)), state, worker, at);
    }

    private Optional<Job> tryDecode(String element) {
        try {
            return Optional.of(codec.decode(element));
        } catch (JobDecodeException e) {
            return Optional.empty();
        }
    }
}
