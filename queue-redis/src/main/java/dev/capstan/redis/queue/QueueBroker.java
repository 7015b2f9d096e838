package dev.capstan.redis.queue;

import dev.capstan.api.QueueNames;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.lua.ScriptRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.params.SetParams;

/**
 * Every Redis operation of the reliable queue, and nothing else: callers above work with jobs,
 * this class with encoded elements and keys. Each method is one round trip, and each multi-key
 * operation one Lua script over the keys of one queue (one cluster slot).
 */
public final class QueueBroker {
    private static final LuaScript ENQUEUE = script("enqueue");
    private static final LuaScript FETCH = script("fetch");
    private static final LuaScript ACK = script("ack");
    private static final LuaScript RETRY = script("retry");
    private static final LuaScript DEAD = script("dead");
    private static final LuaScript REQUEUE = script("requeue");
    private static final LuaScript FORGET_WORKER = script("forget_worker");
    private static final LuaScript PROMOTE_DUE = script("promote_due");
    private static final LuaScript RETRY_DEAD = script("retry_dead");
    private static final LuaScript ENQUEUE_GUARDED = script("enqueue_guarded");
    private static final LuaScript ACK_COMPLETED = script("ack_completed");
    private static final LuaScript KEY_BEGIN = script("key_begin");
    private static final LuaScript KEY_RENEW = script("key_renew");
    private static final LuaScript KEY_RELEASE = script("key_release");

    private final UnifiedJedis redis;
    private final ScriptRunner scripts;
    private final QueueSettings settings;
    private final Set<String> registeredQueues = ConcurrentHashMap.newKeySet();

    public QueueBroker(UnifiedJedis redis, QueueSettings settings) {
        this.redis = redis;
        this.scripts = new ScriptRunner(redis);
        this.settings = settings;
    }

    public QueueSettings settings() {
        return settings;
    }

    public QueueKeys keys(String queue) {
        return settings.keys(queue);
    }

    /** Records the queue in the global registry once per process (a single-key command of its own). */
    public void registerQueue(String queue) {
        if (!registeredQueues.contains(queue)) {
            redis.sadd(QueueKeys.registry(settings.namespace()), queue);
            registeredQueues.add(queue);
        }
    }

    /**
     * The queues in the registry. Members that are not valid queue names (written there by something
     * other than Capstan) are left out, so that one stray member cannot stop the reaper, the promoter or
     * a search; {@link #registryMembers()} has them all.
     */
    public Set<String> queues() {
        Set<String> members = registryMembers();
        members.removeIf(name -> !QueueNames.isValidQueue(name));
        return members;
    }

    /** Every member of the queue registry, valid queue name or not (the admin API shows the invalid ones as broken). */
    public Set<String> registryMembers() {
        return new java.util.HashSet<>(redis.smembers(QueueKeys.registry(settings.namespace())));
    }

    /** The key of the queue registry (for messages that tell an operator where to look). */
    public String registryKey() {
        return QueueKeys.registry(settings.namespace());
    }

    /** Writes jobs that run now and jobs scheduled for later into one queue, in one round trip. */
    public long enqueue(String queue, List<String> now, List<ScheduledElement> later) {
        registerQueue(queue);
        QueueKeys k = keys(queue);
        List<String> args = new ArrayList<>(1 + now.size() + later.size() * 2);
        args.add(Integer.toString(now.size()));
        args.addAll(now);
        for (ScheduledElement s : later) {
            args.add(Long.toString(s.runAt()));
            args.add(s.element());
        }
        return scripts.runForLong(ENQUEUE, List.of(k.pending(), k.scheduled()), args);
    }

    /**
     * Enqueues one job guarded by its idempotency key (not if that key already completed), its dedup
     * key (not if a job with that key was enqueued within {@code dedupTtlMs}) and/or its client-chosen
     * id (not if a job with that id was enqueued within {@code jobIdTtlMs}), atomically. Returns the
     * outcome word ("enqueued", "scheduled", "completed", "duplicate") and the job id it is about.
     */
    public List<String> enqueueGuarded(String queue, String element, long runAt, String jobId, String idempotencyKey,
                                       String dedupKey, long dedupTtlMs, boolean clientJobId, long jobIdTtlMs) {
        registerQueue(queue);
        QueueKeys k = keys(queue);
        String completed = idempotencyKey == null ? k.pending() : k.completed(idempotencyKey);
        String dedup = dedupKey == null ? k.pending() : k.dedup(dedupKey);
        String idRecord = clientJobId ? k.jobIdRecord(jobId) : k.pending();
        List<Object> result = scripts.runForList(ENQUEUE_GUARDED,
                List.of(k.pending(), k.scheduled(), completed, dedup, idRecord),
                List.of(element, Long.toString(runAt), jobId, idempotencyKey == null ? "0" : "1",
                        Long.toString(dedupKey == null ? 0 : Math.max(1, dedupTtlMs)),
                        Long.toString(clientJobId ? Math.max(1, jobIdTtlMs) : 0)));
        return List.of((String) result.get(0), (String) result.get(1));
    }

    /** Whether a job with this idempotency key has completed (within the retention). */
    public String completedBy(String queue, String idempotencyKey) {
        return redis.get(keys(queue).completed(idempotencyKey));
    }

    /**
     * Acknowledges a job, records its idempotency key as completed and releases the key's lock, atomically,
     * if the lock still holds {@code lockValue}. Returns {@link KeyCompletion#RECORDED},
     * {@link KeyCompletion#RECORDED_NOT_HELD} (the element had left the processing list) or
     * {@link KeyCompletion#LOCK_LOST} (nothing written: this copy no longer holds the key).
     */
    public KeyCompletion ackCompleted(String queue, String workerId, String element, String jobId, String idempotencyKey,
                                      String lockValue, Duration retention) {
        QueueKeys k = keys(queue);
        long result = scripts.runForLong(ACK_COMPLETED,
                List.of(k.processing(workerId), k.completed(idempotencyKey), k.keyLock(idempotencyKey)),
                List.of(element, jobId, Long.toString(retention.toMillis()), lockValue));
        return result < 0 ? KeyCompletion.LOCK_LOST : result == 1 ? KeyCompletion.RECORDED : KeyCompletion.RECORDED_NOT_HELD;
    }

    /**
     * Before a job with an idempotency key runs, in one round trip: is the key completed, is it locked
     * by another copy, or is it now locked by this one (with a fresh fencing token)? The lock expires
     * after {@code lease} unless {@link #renewKeyLocks} renews it.
     */
    public KeyBegin beginKeyed(String queue, String idempotencyKey, String workerId, String jobId, Duration lease) {
        QueueKeys k = keys(queue);
        List<Object> result = scripts.runForList(KEY_BEGIN,
                List.of(k.completed(idempotencyKey), k.keyLock(idempotencyKey), k.keyFence()),
                List.of(workerId, jobId, Long.toString(Math.max(1, lease.toMillis()))));
        String outcome = (String) result.get(0);
        String value = (String) result.get(1);
        return switch (outcome) {
            case "done" -> new KeyBegin(KeyBegin.Kind.DONE, value);
            case "busy" -> new KeyBegin(KeyBegin.Kind.BUSY, value);
            default -> new KeyBegin(KeyBegin.Kind.LOCKED, value);
        };
    }

    /**
     * Renews key locks of one queue held with the given values; returns, per lock, whether it was
     * still held (false: the copy that took it must stop, it was fenced off).
     */
    public List<Boolean> renewKeyLocks(String queue, List<String> idempotencyKeys, List<String> lockValues, Duration lease) {
        if (idempotencyKeys.isEmpty()) {
            return List.of();
        }
        QueueKeys k = keys(queue);
        List<String> keys = new ArrayList<>(idempotencyKeys.size());
        idempotencyKeys.forEach(key -> keys.add(k.keyLock(key)));
        List<String> args = new ArrayList<>(lockValues.size() + 1);
        args.add(Long.toString(Math.max(1, lease.toMillis())));
        args.addAll(lockValues);
        List<Object> result = scripts.runForList(KEY_RENEW, keys, args);
        List<Boolean> held = new ArrayList<>(result.size());
        result.forEach(r -> held.add(((Long) r) == 1));
        return held;
    }

    /** Releases key locks of one queue that still hold exactly the given values; returns how many. */
    public long releaseKeyLocks(String queue, List<String> idempotencyKeys, List<String> lockValues) {
        return releaseKeyLocks(queue, "exact", idempotencyKeys, lockValues);
    }

    /**
     * Releases the key locks that the (dead) worker {@code workerId} took for the given jobs, whatever
     * their fencing token: the reaper does this when it returns the jobs. Returns how many it released.
     */
    public long releaseKeyLocksOf(String queue, String workerId, List<String> idempotencyKeys, List<String> jobIds) {
        List<String> prefixes = new ArrayList<>(jobIds.size());
        jobIds.forEach(id -> prefixes.add(workerId + " " + id + " "));
        return releaseKeyLocks(queue, "holder", idempotencyKeys, prefixes);
    }

    private long releaseKeyLocks(String queue, String mode, List<String> idempotencyKeys, List<String> values) {
        if (idempotencyKeys.isEmpty()) {
            return 0;
        }
        QueueKeys k = keys(queue);
        List<String> keys = new ArrayList<>(idempotencyKeys.size());
        idempotencyKeys.forEach(key -> keys.add(k.keyLock(key)));
        List<String> args = new ArrayList<>(values.size() + 1);
        args.add(mode);
        args.addAll(values);
        return scripts.runForLong(KEY_RELEASE, keys, args);
    }

    /** Who holds an idempotency key's lock ("worker job fence"), or null. */
    public String keyLockHolder(String queue, String idempotencyKey) {
        return redis.get(keys(queue).keyLock(idempotencyKey));
    }

    /**
     * Announces that {@code queue} has a job scheduled at {@code runAt} (epoch ms), so that sleeping
     * promoters wake up early. Fire-and-forget: a lost message only delays promotion until the
     * promoter's next periodic check.
     */
    public void announceScheduled(String queue, long runAt) {
        redis.publish(QueueKeys.scheduledWakeupChannel(settings.namespace()), queue + " " + runAt);
    }

    /** Moves up to {@code max} jobs into the worker's processing list; returns them (maybe none). */
    public List<String> fetch(String queue, String workerId, int max) {
        QueueKeys k = keys(queue);
        List<Object> moved = scripts.runForList(FETCH,
                List.of(k.pending(), k.processing(workerId), k.workers()),
                List.of(Integer.toString(max), workerId));
        List<String> elements = new ArrayList<>(moved.size());
        moved.forEach(e -> elements.add((String) e));
        return elements;
    }

    /**
     * Waits up to {@code timeout} for one job and moves it into the worker's processing list (BLMOVE:
     * atomic, so a crash while waiting loses nothing). Holds one pooled connection while it waits.
     */
    public String blockingFetch(String queue, String workerId, Duration timeout) {
        QueueKeys k = keys(queue);
        double seconds = Math.max(0.01, timeout.toMillis() / 1000.0);
        return redis.blmove(k.pending(), k.processing(workerId), ListDirection.RIGHT, ListDirection.LEFT, seconds);
    }

    /** Registers a worker as owner of a processing list before it blocks, so the reaper can find it. */
    public void registerWorker(String queue, String workerId) {
        registerQueue(queue);
        redis.sadd(keys(queue).workers(), workerId);
    }

    /** Acknowledges finished jobs; returns how many were still in the processing list. */
    public long ack(String queue, String workerId, List<String> elements) {
        if (elements.isEmpty()) {
            return 0;
        }
        return scripts.runForLong(ACK, List.of(keys(queue).processing(workerId)), elements);
    }

    /**
     * Moves failed or deferred jobs to the scheduled set for another attempt, and wakes the promoters
     * for the earliest of them (in the same script: no extra round trip).
     */
    public long retry(String queue, String workerId, List<RetryMove> moves) {
        if (moves.isEmpty()) {
            return 0;
        }
        List<String> args = new ArrayList<>(2 + moves.size() * 3);
        args.add(QueueKeys.scheduledWakeupChannel(settings.namespace()));
        args.add(queue);
        for (RetryMove m : moves) {
            args.add(m.from());
            args.add(m.to());
            args.add(Long.toString(m.runAt()));
        }
        QueueKeys k = keys(queue);
        return scripts.runForLong(RETRY, List.of(k.processing(workerId), k.scheduled()), args);
    }

    /** Moves jobs from a worker's processing list to the dead set, trimming it by count and age. */
    public long dead(String queue, String workerId, List<Move> moves) {
        if (moves.isEmpty()) {
            return 0;
        }
        List<String> args = new ArrayList<>(2 + moves.size() * 2);
        args.add(Integer.toString(settings.deadMaxCount()));
        args.add(Long.toString(settings.deadMaxAge().toMillis()));
        args.addAll(pairs(moves));
        QueueKeys k = keys(queue);
        return scripts.runForLong(DEAD, List.of(k.processing(workerId), k.dead()), args);
    }

    /** Puts jobs from a worker's processing list back at the front of the queue. */
    public long requeue(String queue, String workerId, List<Move> moves) {
        if (moves.isEmpty()) {
            return 0;
        }
        List<String> args = pairs(moves);
        QueueKeys k = keys(queue);
        return scripts.runForLong(REQUEUE, List.of(k.processing(workerId), k.pending()), args);
    }

    /** Drops a worker from the queue's worker set if its processing list is empty. */
    public boolean forgetWorker(String queue, String workerId) {
        QueueKeys k = keys(queue);
        return scripts.runForLong(FORGET_WORKER, List.of(k.processing(workerId), k.workers()), List.of(workerId)) == 1;
    }

    /** Worker ids that have a processing list for the queue. */
    public Set<String> workersOf(String queue) {
        return redis.smembers(keys(queue).workers());
    }

    /** Everything in one worker's processing list, most recently fetched first. */
    public List<String> processing(String queue, String workerId) {
        return redis.lrange(keys(queue).processing(workerId), 0, -1);
    }

    /** A short lock so that only one reaper at a time empties a given worker's list. */
    public boolean tryLockReaping(String queue, String workerId, String token, Duration ttl) {
        return "OK".equals(redis.set(keys(queue).reaping(workerId), token, SetParams.setParams().nx().px(ttl.toMillis())));
    }

    public void unlockReaping(String queue, String workerId) {
        redis.del(keys(queue).reaping(workerId));
    }

    /** Moves due jobs from the scheduled set into the queue. */
    public PromotionResult promoteDue(String queue, int limit) {
        QueueKeys k = keys(queue);
        List<Object> result = scripts.runForList(PROMOTE_DUE, List.of(k.scheduled(), k.pending()),
                List.of(Integer.toString(limit)));
        long moved = (Long) result.get(0);
        Object next = result.get(1);
        long nextDue = next instanceof Long l ? l : (long) Double.parseDouble((String) next);
        return new PromotionResult(moved, nextDue);
    }

    /** Moves dead jobs back into the queue. */
    public long retryDead(String queue, List<Move> moves) {
        if (moves.isEmpty()) {
            return 0;
        }
        List<String> args = pairs(moves);
        QueueKeys k = keys(queue);
        return scripts.runForLong(RETRY_DEAD, List.of(k.dead(), k.pending()), args);
    }

    /** The Redis client, for the admin reads in {@link QueueInspector} (same module, same layer). */
    UnifiedJedis redis() {
        return redis;
    }

    /** (from, to) of each move, flattened into script arguments. */
    private static List<String> pairs(List<Move> moves) {
        List<String> args = new ArrayList<>(moves.size() * 2);
        for (Move m : moves) {
            args.add(m.from());
            args.add(m.to());
        }
        return args;
    }

    private static LuaScript script(String name) {
        return LuaScript.load(QueueBroker.class, name);
    }

    /** A job moving from one place to another, possibly re-encoded on the way (e.g. with an error added). */
    public record Move(String from, String to) {}

    /** A failed job moving to the scheduled set to run at {@code runAt} (epoch ms). */
    public record RetryMove(String from, String to, long runAt) {}

    /** A job to put in the scheduled set. */
    public record ScheduledElement(long runAt, String element) {}

    /** How many due jobs moved, and when the next one is due (epoch ms, or -1 if none is scheduled). */
    public record PromotionResult(long moved, long nextDueAt) {}

    /** What {@link #ackCompleted} did. */
    public enum KeyCompletion { RECORDED, RECORDED_NOT_HELD, LOCK_LOST }

    /**
     * What {@link #beginKeyed} found: DONE ({@code value} = id of the job that completed the key), BUSY
     * ({@code value} = the other holder's lock value) or LOCKED ({@code value} = this copy's lock value).
     */
    public record KeyBegin(Kind kind, String value) {
        public enum Kind { DONE, BUSY, LOCKED }

        /** The fencing token of a lock value "worker job token". */
        public long fencingToken() {
            return Long.parseLong(value.substring(value.lastIndexOf(' ') + 1));
        }
    }
}
