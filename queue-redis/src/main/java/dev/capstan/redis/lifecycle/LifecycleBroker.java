package dev.capstan.redis.lifecycle;

import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.lua.ScriptRunner;
import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.QueueKeys;
import dev.capstan.redis.queue.QueueSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * Every Redis operation of job lifecycles (status, cancellation, batches, flows), and nothing else:
 * as {@link QueueBroker} is for the queue, one method per round trip, each multi-key operation one
 * Lua script over the keys of one slot.
 */
public final class LifecycleBroker {
    /** The cancelled set of each queue keeps at most this many jobs ... */
    static final int CANCELLED_MAX_COUNT = 1_000;
    /** ... and none older than this. */
    static final Duration CANCELLED_MAX_AGE = Duration.ofDays(7);
    /** A request to cancel a running job that finished before its worker saw the request is dropped after this. */
    static final Duration CANCEL_REQUEST_AGE = Duration.ofDays(1);

    private static final LuaScript ENQUEUE = script("enqueue");
    private static final LuaScript START = script("start");
    private static final LuaScript FINISH = script("finish");
    private static final LuaScript LATER = script("later");
    private static final LuaScript REQUEST_CANCEL = script("request_cancel");
    private static final LuaScript CANCEL_HELD = script("cancel_held");
    private static final LuaScript CHILD_DONE = script("child_done");
    private static final LuaScript WATCH = script("watch");
    private static final LuaScript PROGRESS = script("progress");
    private static final LuaScript BATCH_ADD = script("batch_add");
    private static final LuaScript BATCH_RECORD = script("batch_record");
    private static final LuaScript OUTBOX_DONE = script("outbox_done");

    private final UnifiedJedis redis;
    private final ScriptRunner scripts;
    private final QueueBroker queues;
    private final QueueSettings settings;
    private final LifecycleKeys keys;

    public LifecycleBroker(UnifiedJedis redis, QueueBroker queues) {
        this.queues = queues;
        this.settings = queues.settings();
        this.redis = redis;
        this.scripts = new ScriptRunner(redis);
        this.keys = new LifecycleKeys(settings.namespace());
    }

    public LifecycleKeys keys() {
        return keys;
    }

    QueueBroker queues() {
        return queues;
    }

    UnifiedJedis redis() {
        return redis;
    }

    // ---------- one job ----------

    /**
     * Enqueues a tracked job with its status; see enqueue.lua. {@code children} &gt; 0 holds it until
     * that many flow children have finished; {@code clientJobId} (the id the request chose, or null) is
     * remembered for {@link dev.capstan.api.JobRequest#JOB_ID_RETENTION}. Returns (outcome word, job id).
     */
    List<String> enqueue(String queue, String element, long runAt, String jobId, String idempotencyKey,
                         String dedupKey, long dedupTtlMs, String clientJobId, int children, Map<String, String> fields) {
        queues.registerQueue(queue);
        QueueKeys q = queues.keys(queue);
        String status = keys.status(queue, jobId);
        List<String> args = new ArrayList<>(7 + fields.size() * 2);
        args.add(element);
        args.add(Long.toString(runAt));
        args.add(jobId);
        args.add(idempotencyKey == null ? "0" : "1");
        args.add(Long.toString(dedupKey == null ? 0 : Math.max(1, dedupTtlMs)));
        args.add(Integer.toString(children));
        args.add(Long.toString(clientJobId == null ? 0 : dev.capstan.api.JobRequest.JOB_ID_RETENTION.toMillis()));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        List<Object> result = scripts.runForList(ENQUEUE, List.of(q.pending(), q.scheduled(), status,
                idempotencyKey == null ? status : q.completed(idempotencyKey),
                dedupKey == null ? status : q.dedup(dedupKey),
                clientJobId == null ? status : q.jobIdRecord(clientJobId)), args);
        return List.of((String) result.get(0), (String) result.get(1));
    }

    /** Marks a tracked job running; see start.lua. */
    StartAnswer start(String queue, String jobId, String workerId, int attempt) {
        List<Object> out = scripts.runForList(START, List.of(keys.status(queue, jobId), keys.cancelRequests(queue)),
                List.of(jobId, workerId, Integer.toString(attempt)));
        if ("cancel".equals(out.get(0))) {
            return new StartAnswer(true, Map.of(), Map.of());
        }
        Map<String, String> results = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (int i = 1; i + 1 < out.size(); i += 2) {
            String field = (String) out.get(i);
            (field.startsWith("r:") ? results : failures).put(field.substring(2), (String) out.get(i + 1));
        }
        return new StartAnswer(false, results, failures);
    }

    /** What a tracked job learns as it starts. */
    record StartAnswer(boolean cancelRequested, Map<String, String> childResults, Map<String, String> childFailures) {}

    /**
     * Ends a job; see finish.lua. Returns the final outcome and the outbox entry it wrote (null when
     * none), or null when the job was not where it was expected.
     */
    Finished finish(Finish f) {
        QueueKeys q = queues.keys(f.queue());
        String status = f.tracked() ? keys.status(f.queue(), f.jobId()) : f.from();
        List<String> keyList = List.of(f.from(), status, keys.outbox(f.queue()), keys.cancelRequests(f.queue()), q.dead(),
                keys.cancelled(f.queue()), f.idempotencyKey() == null ? f.from() : q.completed(f.idempotencyKey()),
                f.dedupKey() == null ? f.from() : q.dedup(f.dedupKey()),
                f.idempotencyKey() == null || f.keyLock() == null ? f.from() : q.keyLock(f.idempotencyKey()));
        List<String> args = List.of(f.element(), f.fromSortedSet() ? "zset" : "list", f.outcome(), orEmpty(f.deadElement()),
                orEmpty(f.result()), orEmpty(f.error()), f.jobId(), flag(f.tracked()), flag(f.idempotencyKey() != null),
                Long.toString(f.completionRetention() == null ? 0 : f.completionRetention().toMillis()),
                flag(f.dedupKey() != null), orEmpty(f.batchId()), orEmpty(f.parentId()), orEmpty(f.onFailure()),
                keys.finishedChannel(), Integer.toString(settings.deadMaxCount()),
                Long.toString(settings.deadMaxAge().toMillis()), Integer.toString(CANCELLED_MAX_COUNT),
                Long.toString(CANCELLED_MAX_AGE.toMillis()), f.idempotencyKey() == null ? "" : orEmpty(f.keyLock()));
        List<Object> out = scripts.runForList(FINISH, keyList, args);
        long moved = (Long) out.get(0);
        if (moved == -1) {
            return new Finished(LifecycleSettler.LOCK_LOST, null);
        }
        if (moved != 1) {
            return null;
        }
        return new Finished((String) out.get(1), out.size() > 2 ? (String) out.get(2) : null);
    }

    /** A job's final outcome, and the outbox entry its batch or parent must still hear (or null). */
    record Finished(String outcome, String outboxEntry) {}

    /**
     * How a job ends: where it is ({@code from}, a list or, with {@code fromSortedSet}, a sorted set),
     * the outcome asked for, and what its batch, parent, idempotency and dedup keys need.
     */
    record Finish(String queue, String from, boolean fromSortedSet, String element, String jobId, String outcome,
                  String deadElement, String result, String error, boolean tracked, String idempotencyKey,
                  Duration completionRetention, String keyLock, String dedupKey, String batchId, String parentId,
                  String onFailure) {}

    /** Moves a tracked job to the scheduled set for later; see later.lua. 1 moved, 0 gone, -1 cancel asked for. */
    long later(String queue, String workerId, String from, String to, long runAt, String state, String error,
               String jobId, int attempt) {
        QueueKeys q = queues.keys(queue);
        return scripts.runForLong(LATER, List.of(q.processing(workerId), q.scheduled(), keys.status(queue, jobId),
                keys.cancelRequests(queue)), List.of(from, to, Long.toString(runAt), state, orEmpty(error), jobId,
                Integer.toString(attempt), QueueKeys.scheduledWakeupChannel(settings.namespace()), queue));
    }

    /** Records a request to cancel a running job; see request_cancel.lua. */
    boolean requestCancel(String queue, String jobId, boolean tracked) {
        String requests = keys.cancelRequests(queue);
        return scripts.runForLong(REQUEST_CANCEL, List.of(requests, tracked ? keys.status(queue, jobId) : requests),
                List.of(jobId, flag(tracked), Long.toString(CANCEL_REQUEST_AGE.toMillis()))) == 1;
    }

    /** Tells every worker that {@code jobId} is to stop (best effort; workers also look at their heartbeat). */
    void publishCancel(String jobId) {
        redis.publish(keys.cancelChannel(), jobId);
    }

    /** Cancels a flow parent still waiting for children; see cancel_held.lua. */
    boolean cancelHeld(String queue, String jobId) {
        return scripts.runForLong(CANCEL_HELD, List.of(keys.status(queue, jobId), keys.outbox(queue), keys.cancelled(queue)),
                List.of(jobId, keys.finishedChannel(), Integer.toString(CANCELLED_MAX_COUNT),
                        Long.toString(CANCELLED_MAX_AGE.toMillis()))) == 1;
    }

    /** Which of {@code jobIds} (running on {@code queue}) were asked to stop. One round trip (ZMSCORE). */
    List<String> cancelRequested(String queue, List<String> jobIds) {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        List<Double> scores = redis.zmscore(keys.cancelRequests(queue), jobIds.toArray(String[]::new));
        List<String> asked = new ArrayList<>();
        for (int i = 0; i < jobIds.size(); i++) {
            if (scores.get(i) != null) {
                asked.add(jobIds.get(i));
            }
        }
        return asked;
    }

    Map<String, String> status(String queue, String jobId) {
        return redis.hgetAll(keys.status(queue, jobId));
    }

    /** Reads a status and marks it awaited while not final; see watch.lua. */
    Map<String, String> watch(String queue, String jobId) {
        List<Object> flat = scripts.runForList(WATCH, List.of(keys.status(queue, jobId)), List.of());
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return fields;
    }

    void progress(String queue, String jobId, int percent, String message) {
        scripts.runForLong(PROGRESS, List.of(keys.status(queue, jobId)),
                List.of(percent + " " + (message == null ? "" : message)));
    }

    // ---------- flows ----------

    /** Reports a finished child to its parent; see child_done.lua. */
    String childDone(String parentId, String childId, String outcome, String result, String error, String onFailure) {
        String queue = TrackedIds.queueOf(parentId);
        QueueKeys q = queues.keys(queue);
        return (String) scripts.run(CHILD_DONE, List.of(keys.status(queue, parentId), q.pending(), q.dead(), keys.outbox(queue)),
                List.of(childId, outcome, orEmpty(result), orEmpty(error), orEmpty(onFailure), parentId,
                        keys.finishedChannel(), Integer.toString(settings.deadMaxCount()),
                        Long.toString(settings.deadMaxAge().toMillis())));
    }

    // ---------- outbox ----------

    /** Up to {@code count} outbox entries of a queue (job id -> entry), from {@code cursor}; see {@link ScanResult}. */
    ScanResult<Map.Entry<String, String>> outbox(String queue, String cursor, int count) {
        return redis.hscan(keys.outbox(queue), cursor, new ScanParams().count(count));
    }

    String outboxEntry(String queue, String jobId) {
        return redis.hget(keys.outbox(queue), jobId);
    }

    /** Removes the entry, if it is still {@code entry}; see outbox_done.lua. */
    void outboxDone(String queue, String jobId, String entry) {
        scripts.runForLong(OUTBOX_DONE, List.of(keys.outbox(queue)), List.of(jobId, entry));
    }

    // ---------- batches ----------

    /** Stores a new batch's info, then lists it (global registries, single-key commands). */
    void createBatch(String batchId, Map<String, String> info, long createdAt) {
        redis.hset(keys.batchInfo(batchId), info);
        redis.zadd(keys.batches(), createdAt, batchId);
        redis.zadd(keys.activeBatches(), createdAt, batchId);
    }

    /** Registers members; see batch_add.lua. */
    long batchAdd(String batchId, List<String> jobIds) {
        return scripts.runForLong(BATCH_ADD, List.of(keys.batchInfo(batchId), keys.batchMembers(batchId)), jobIds);
    }

    /** Records a member's outcome (or the seal); see batch_record.lua. */
    List<Object> batchRecord(String batchId, String jobId, String outcome) {
        return scripts.runForList(BATCH_RECORD, List.of(keys.batchInfo(batchId), keys.batchMembers(batchId)),
                List.of(orEmpty(jobId), outcome));
    }

    Map<String, String> batchInfo(String batchId) {
        return redis.hgetAll(keys.batchInfo(batchId));
    }

    /** Notes that a fired callback has been enqueued. */
    void confirmCallback(String batchId, String event) {
        redis.hset(keys.batchInfo(batchId), "done:" + event, "1");
    }

    List<String> recentBatches(long offset, long limit) {
        return redis.zrevrange(keys.batches(), offset, offset + limit - 1);
    }

    long batchCount() {
        return redis.zcard(keys.batches());
    }

    void forgetBatch(String batchId) {
        redis.zrem(keys.batches(), batchId);
        redis.zrem(keys.activeBatches(), batchId);
    }

    List<Tuple> activeBatches(int limit) {
        return redis.zrangeWithScores(keys.activeBatches(), 0, limit - 1L);
    }

    void inactive(String batchId) {
        redis.zrem(keys.activeBatches(), batchId);
    }

    // ---------- listings ----------

    List<Tuple> cancelled(String queue, long offset, long limit) {
        return redis.zrevrangeWithScores(keys.cancelled(queue), offset, offset + limit - 1);
    }

    long cancelledCount(String queue) {
        return redis.zcard(keys.cancelled(queue));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String flag(boolean on) {
        return on ? "1" : "0";
    }

    private static LuaScript script(String name) {
        return LuaScript.load(LifecycleBroker.class, name);
    }
}
