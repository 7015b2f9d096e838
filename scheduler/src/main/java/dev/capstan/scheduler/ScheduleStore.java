package dev.capstan.scheduler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobIds;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.lua.ScriptRunner;
import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.redis.queue.QueueKeys;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import redis.clients.jedis.UnifiedJedis;

/**
 * Where periodic schedules live in Redis:
 *
 * <pre>
 * ns:schedules                   hash    schedule id -&gt; definition (JSON); single-key commands only
 * ns:{queue}:schedule:ID         hash    run state: covered, lastTick, lastJobId, lastFiredAt, activeSince
 * ns:{queue}:tick:ID:TICKMS      string  set once per fired tick, expires after the race window
 * </pre>
 * State and tick keys carry the queue's hash tag so that firing a tick (check, mark, enqueue) is one
 * script in one cluster slot.
 */
final class ScheduleStore {
    private static final LuaScript FIRE_TICK = LuaScript.load(ScheduleStore.class, "fire_tick");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UnifiedJedis redis;
    private final Namespace ns;
    private final QueueBroker broker;
    private final JobCodec codec;
    private final ScriptRunner scripts;

    ScheduleStore(UnifiedJedis redis, QueueBroker broker, JobCodec codec) {
        this.redis = redis;
        this.ns = broker.settings().namespace();
        this.broker = broker;
        this.codec = codec;
        this.scripts = new ScriptRunner(redis);
    }

    String definitionsKey() {
        return ns.plain("schedules");
    }

    String stateKey(PeriodicSchedule s) {
        return ns.tagged(s.queue(), "schedule", s.id());
    }

    String tickKey(PeriodicSchedule s, long tick) {
        return ns.tagged(s.queue(), "tick", s.id(), Long.toString(tick));
    }

    /** All schedules by id; a definition that no longer parses is left out (and logged by the caller's view). */
    Map<String, PeriodicSchedule> all() {
        Map<String, PeriodicSchedule> schedules = new TreeMap<>();
        for (Map.Entry<String, String> e : redis.hgetAll(definitionsKey()).entrySet()) {
            try {
                schedules.put(e.getKey(), decode(e.getKey(), e.getValue()));
            } catch (IllegalArgumentException ignored) {
                // written by a newer or broken client; never fire what we cannot read
            }
        }
        return schedules;
    }

    Optional<PeriodicSchedule> get(String id) {
        String json = redis.hget(definitionsKey(), id);
        return json == null ? Optional.empty() : Optional.of(decode(id, json));
    }

    void put(PeriodicSchedule s) {
        redis.hset(definitionsKey(), s.id(), encode(s));
    }

    boolean remove(PeriodicSchedule s) {
        redis.del(stateKey(s));
        return redis.hdel(definitionsKey(), s.id()) == 1;
    }

    ScheduleState state(PeriodicSchedule s) {
        Map<String, String> h = redis.hgetAll(stateKey(s));
        if (h.isEmpty()) {
            return ScheduleState.NONE;
        }
        return new ScheduleState(num(h, "covered"), num(h, "lastTick"), num(h, "lastFiredAt"), h.get("lastJobId"),
                num(h, "activeSince"));
    }

    void markActiveSince(PeriodicSchedule s, long at) {
        redis.hset(stateKey(s), "activeSince", Long.toString(at));
    }

    /** Moves the run state when a schedule changes queue (its state lives in the queue's slot). */
    void moveState(PeriodicSchedule from, PeriodicSchedule to) {
        Map<String, String> h = redis.hgetAll(stateKey(from));
        if (!h.isEmpty()) {
            redis.hset(stateKey(to), h);
        }
        redis.del(stateKey(from));
    }

    /** Overwrites the run state (tests simulate downtime with it). */
    void writeState(PeriodicSchedule s, long covered, long activeSince) {
        redis.hset(stateKey(s), Map.of("covered", Long.toString(covered), "activeSince", Long.toString(activeSince)));
    }

    /**
     * Fires one tick: enqueues the job unless the tick was fired or covered already. Returns the job
     * id if this call enqueued it.
     */
    Optional<String> fire(PeriodicSchedule s, long tick, long covers, boolean catchUp, Duration tickKeyTtl) {
        broker.registerQueue(s.queue());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("capstan.schedule", s.id());
        meta.put("capstan.tick", Long.toString(tick));
        if (catchUp) {
            meta.put("capstan.catchUp", "true");
        }
        String id = JobIds.next();
        long now = System.currentTimeMillis();
        Job job = new Job(id, s.jobType(), s.queue(), s.argsJson(), 0, s.maxAttempts(), now, now, 0,
                null, null, meta, 0, null);
        QueueKeys k = broker.keys(s.queue());
        long fired = scripts.runForLong(FIRE_TICK, List.of(tickKey(s, tick), k.pending(), stateKey(s)),
                List.of(Long.toString(tick), Long.toString(covers), Long.toString(tickKeyTtl.toMillis()),
                        codec.encode(job), id));
        return fired == 1 ? Optional.of(id) : Optional.empty();
    }

    static String encode(PeriodicSchedule s) {
        ObjectNode n = JSON.createObjectNode();
        switch (s.trigger()) {
            case CronTrigger c -> {
                n.put("cron", c.expression());
                n.put("zone", c.zone().getId());
            }
            case IntervalTrigger i -> n.put("everyMs", i.interval().toMillis());
        }
        n.put("type", s.jobType());
        n.put("queue", s.queue());
        n.put("maxAttempts", s.maxAttempts());
        n.put("enabled", s.enabled());
        n.put("misfire", s.misfirePolicy().name());
        n.set("args", parseArgs(s));
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schedule's arguments as a JSON tree (any Jackson-based codec writes it back unchanged). */
    static JsonNode parseArgs(PeriodicSchedule s) {
        try {
            return JSON.readTree(s.argsJson());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("arguments of schedule '" + s.id() + "' are not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    static PeriodicSchedule decode(String id, String json) {
        try {
            JsonNode n = JSON.readTree(json);
            Trigger trigger = n.hasNonNull("cron")
                    ? CronTrigger.parse(n.get("cron").asText(), ZoneId.of(n.path("zone").asText("UTC")))
                    : new IntervalTrigger(Duration.ofMillis(n.path("everyMs").asLong()));
            return new PeriodicSchedule(id, trigger, n.path("type").asText(), n.path("args").toString(),
                    n.path("queue").asText("default"), n.path("maxAttempts").asInt(Job.DEFAULT_MAX_ATTEMPTS),
                    n.path("enabled").asBoolean(true), MisfirePolicy.valueOf(n.path("misfire").asText("SKIP")));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("stored schedule '" + id + "' cannot be read: " + e.getMessage(), e);
        }
    }

    private static long num(Map<String, String> h, String field) {
        String v = h.get(field);
        return v == null ? 0 : Long.parseLong(v);
    }
}
