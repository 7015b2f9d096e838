package dev.capstan.redis.livestatus;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.lua.ScriptRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * Short-lived statuses that vanish unless refreshed, the "typing indicator" pattern: a worker
 * announces {@code ("jobs", "job-42", "40% resizing")} for 10 s, re-announces while it works, and
 * the status disappears by itself if the worker dies. Readers list the live statuses of a topic or
 * subscribe to its changes.
 *
 * <p>Layout per topic, one hash tag: {@code prefix:{topic}:live:statuses} (hash actor -> status) and
 * {@code prefix:{topic}:live:expiries} (sorted set actor -> expiry in epoch ms, server time). The
 * statuses live in one hash, not in a key per actor, so that listing a topic is one script: the
 * keys of the actors are not known in advance, and keys must not be built inside Lua. Expiry is
 * exact for readers (every read compares with the server clock); the memory of expired statuses is
 * reclaimed by the next write or listing of the topic, and both keys expire with the topic's
 * longest-lived status.
 *
 * <p>{@link #announce} and {@link #clear} PUBLISH an event on {@code prefix:{topic}:live:changes}.
 * A status that expires publishes nothing (that would need keyspace notifications): listeners get
 * the ttl with each announcement and should drop the status themselves when it passes.
 * Thread-safe and stateless apart from the subscriptions it starts.
 */
public final class LiveStatus {
    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(10);
    private static final LuaScript ANNOUNCE = LuaScript.load(LiveStatus.class, "announce");
    private static final LuaScript CLEAR = LuaScript.load(LiveStatus.class, "clear");
    private static final LuaScript CURRENT = LuaScript.load(LiveStatus.class, "current");
    private static final LuaScript GET = LuaScript.load(LiveStatus.class, "get");

    /** A live status and the moment it expires unless announced again. */
    public record Entry(String status, Instant expiresAt) {}

    private final UnifiedJedis redis;
    private final ScriptRunner scripts;
    private final Namespace ns;

    public LiveStatus(UnifiedJedis redis, Namespace ns) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.scripts = new ScriptRunner(redis);
        this.ns = Objects.requireNonNull(ns, "ns");
    }

    /**
     * Sets (or refreshes) {@code actor}'s status in {@code topic} for {@code ttl} of server time and
     * publishes an {@link LiveStatusEvent.Kind#ANNOUNCED} event.
     *
     * @return when the status expires unless announced again
     */
    public Instant announce(String topic, String actor, String status, Duration ttl) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(status, "status");
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("ttl must be at least 1 ms, got " + ttl);
        }
        long expiry = scripts.runForLong(ANNOUNCE, keys(topic), List.of(actor, status,
                Long.toString(ttl.toMillis()), channel(topic), LiveStatusEvent.announced(actor, status, ttl)));
        return Instant.ofEpochMilli(expiry);
    }

    /**
     * Removes {@code actor}'s status and, if it was still live, publishes a
     * {@link LiveStatusEvent.Kind#CLEARED} event.
     *
     * @return true when a live status was removed
     */
    public boolean clear(String topic, String actor) {
        Objects.requireNonNull(actor, "actor");
        return scripts.runForLong(CLEAR, keys(topic), List.of(actor, channel(topic), LiveStatusEvent.cleared(actor))) == 1;
    }

    /** The live status of {@code actor}, if any. Read-only, one script. */
    public Optional<String> get(String topic, String actor) {
        Objects.requireNonNull(actor, "actor");
        return Optional.ofNullable((String) scripts.run(GET, keys(topic), List.of(actor)));
    }

    /** The live statuses of {@code topic} by actor (sorted), expired ones dropped. One script. */
    public Map<String, String> current(String topic) {
        Map<String, String> statuses = new TreeMap<>();
        entries(topic).forEach((actor, entry) -> statuses.put(actor, entry.status()));
        return Collections.unmodifiableMap(statuses);
    }

    /** {@link #current} with the expiry of every status. */
    public Map<String, Entry> entries(String topic) {
        List<Object> reply = scripts.runForList(CURRENT, keys(topic), List.of());
        Map<String, Entry> entries = new TreeMap<>();
        for (int i = 0; i + 2 < reply.size(); i += 3) {
            long expiry = (long) Double.parseDouble((String) reply.get(i + 2));
            entries.put((String) reply.get(i), new Entry((String) reply.get(i + 1), Instant.ofEpochMilli(expiry)));
        }
        return Collections.unmodifiableMap(entries);
    }

    /**
     * Calls {@code listener} (on a daemon thread of its own) for every announce and clear of
     * {@code topic} from now on: returns once the server confirmed the subscription, so nothing
     * published after this call returns is missed (short of a dropped connection). Close the
     * returned subscription to stop.
     *
     * @throws IllegalStateException when the subscription is not confirmed within 10 s
     */
    public LiveStatusSubscription subscribe(String topic, Consumer<LiveStatusEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        LiveStatusSubscription subscription = new LiveStatusSubscription(redis, topic, channel(topic), listener);
        subscription.start(SUBSCRIBE_TIMEOUT);
        return subscription;
    }

    /** The pub/sub channel of {@code topic}. */
    public String channel(String topic) {
        return ns.tagged(topic, "live", "changes");
    }

    /** {statuses hash, expiries sorted set} of {@code topic}. */
    List<String> keys(String topic) {
        return List.of(ns.tagged(topic, "live", "statuses"), ns.tagged(topic, "live", "expiries"));
    }
}
