package dev.capstan.redis.session;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.lua.ScriptRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Server-side sessions in Redis: one hash per session, {@code prefix:{session:<first 4 id chars>}:<id>},
 * holding a small attribute map and the session's timing, with a TTL that Redis enforces.
 *
 * <p><b>Expiry.</b> A session lives for its idle timeout after creation or its last {@link #touch}
 * (sliding expiry, measured on the Redis server clock), and never past its optional absolute
 * maximum lifetime. Reading ({@link #get}) and writing attributes do not extend it; call
 * {@link #touch} (or {@link #getAndTouch}, one round trip) on each request that counts as activity.
 *
 * <p><b>Rotation.</b> {@link #rotate} gives a session a new id (e.g. at login, against session
 * fixation) atomically: one script RENAMEs the hash, so there is no instant at which both ids or
 * neither work, and no write can be lost in between. This works in Redis Cluster because the new id
 * keeps the old id's 4-character routing prefix (its hash tag) and draws its other 232 bits afresh;
 * see {@link SessionId}.
 *
 * <p>Ids come from clients, so malformed ids are treated as unknown sessions rather than errors.
 * Attribute values are strings; keep the map small (the whole hash is read on each get).
 */
public final class SessionStore {
    private static final LuaScript CREATE = LuaScript.load(SessionStore.class, "create");
    private static final LuaScript TOUCH = LuaScript.load(SessionStore.class, "touch");
    private static final LuaScript SET_ATTRIBUTES = LuaScript.load(SessionStore.class, "set_attributes");
    private static final LuaScript ROTATE = LuaScript.load(SessionStore.class, "rotate");
    private static final int ID_ATTEMPTS = 3;

    private final UnifiedJedis redis;
    private final Namespace ns;
    private final ScriptRunner scripts;

    public SessionStore(UnifiedJedis redis, Namespace ns) {
        this.redis = redis;
        this.ns = ns;
        this.scripts = new ScriptRunner(redis);
    }

    /** Creates a session without an absolute lifetime. */
    public Session create(Map<String, String> attributes, Duration idleTimeout) {
        return create(attributes, idleTimeout, null);
    }

    /**
     * Creates a session that expires {@code idleTimeout} after its last touch, and at the latest
     * {@code maxLifetime} after creation ({@code null} for no limit).
     */
    public Session create(Map<String, String> attributes, Duration idleTimeout, Duration maxLifetime) {
        long idleMs = requirePositiveMillis(idleTimeout, "idleTimeout");
        long maxMs = maxLifetime == null ? 0 : requirePositiveMillis(maxLifetime, "maxLifetime");
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(idleMs));
        args.add(String.valueOf(maxMs));
        args.addAll(SessionHash.attributePairs(attributes));
        for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
            String id = SessionId.generate();
            long createdMs = scripts.runForLong(CREATE, List.of(key(id)), args);
            if (createdMs != 0) {
                Instant created = Instant.ofEpochMilli(createdMs);
                return new Session(id, attributes, created, created, Duration.ofMillis(idleMs),
                        maxMs > 0 ? Optional.of(created.plusMillis(maxMs)) : Optional.empty());
            }
        }
        // 3 collisions of 256-bit random ids means the random source is broken, not bad luck.
        throw new IllegalStateException("could not draw an unused session id");
    }

    /** The session, without extending its life; empty if unknown, expired or malformed. */
    public Optional<Session> get(String id) {
        if (!SessionId.isWellFormed(id)) {
            return Optional.empty();
        }
        return SessionHash.decode(id, redis.hgetAll(key(id)));
    }

    /** Restarts the idle timeout; false if the session is unknown or expired. */
    public boolean touch(String id) {
        return getAndTouch(id).isPresent();
    }

    /** Restarts the idle timeout and returns the session, in one round trip. */
    public Optional<Session> getAndTouch(String id) {
        if (!SessionId.isWellFormed(id)) {
            return Optional.empty();
        }
        return SessionHash.decodeFlat(id, scripts.runForList(TOUCH, List.of(key(id)), List.of()), 0);
    }

    /** Sets one attribute; false (and nothing written) if the session is unknown or expired. */
    public boolean setAttribute(String id, String name, String value) {
        return setAttributes(id, Map.of(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")));
    }

    /** Sets several attributes at once; false (and nothing written) if the session is unknown or expired. */
    public boolean setAttributes(String id, Map<String, String> attributes) {
        List<String> pairs = SessionHash.attributePairs(attributes);
        if (!SessionId.isWellFormed(id)) {
            return false;
        }
        if (pairs.isEmpty()) {
            return get(id).isPresent();
        }
        return scripts.runForLong(SET_ATTRIBUTES, List.of(key(id)), pairs) == 1;
    }

    /** Removes one attribute; true if it was there. */
    public boolean removeAttribute(String id, String name) {
        if (!SessionId.isWellFormed(id)) {
            return false;
        }
        // HDEL never creates a key, so a single command is safe against resurrecting an expired session.
        return redis.hdel(key(id), SessionHash.attributeField(name)) == 1;
    }

    /**
     * Moves the session to a new id atomically (see the class comment) and restarts its idle
     * timeout; the old id stops working. Empty if the session is unknown or expired.
     */
    public Optional<Session> rotate(String id) {
        if (!SessionId.isWellFormed(id)) {
            return Optional.empty();
        }
        for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
            String newId = SessionId.rotatedFrom(id);
            List<Object> reply = scripts.runForList(ROTATE, List.of(key(id), key(newId)), List.of());
            long status = (Long) reply.get(0);
            if (status == 1) {
                return SessionHash.decodeFlat(newId, reply, 1);
            }
            if (status == 0) {
                return Optional.empty();
            }
        }
        throw new IllegalStateException("could not draw an unused session id");
    }

    /** Deletes the session; true if it existed. */
    public boolean destroy(String id) {
        if (!SessionId.isWellFormed(id)) {
            return false;
        }
        return redis.del(key(id)) == 1;
    }

    private String key(String id) {
        return ns.tagged("session:" + SessionId.routingPrefix(id), id);
    }

    private static long requirePositiveMillis(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        long ms = duration.toMillis();
        if (ms <= 0) {
            throw new IllegalArgumentException(what + " must be at least 1 ms, was " + duration);
        }
        return ms;
    }
}
