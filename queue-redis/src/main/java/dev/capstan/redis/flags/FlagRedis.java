package dev.capstan.redis.flags;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.lua.ScriptRunner;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;

/**
 * Where flags live in Redis and the commands that read and change them (no caching here).
 *
 * <p>Keys: one hash per flag, {@code prefix:{flag:<name>}} (see {@link FlagHash}); a global set
 * {@code prefix:flags} of flag names for listing; the pub/sub channel {@code prefix:flags:invalidations}
 * carries the name of every changed flag. Capstan's own switches ({@code JobGates}) live in a space of
 * their own with the same layout under {@code gate} instead of {@code flag}
 * ({@code prefix:{gate:<name>}}, {@code prefix:gates}, {@code prefix:gates:invalidations}), so they never
 * mix with the application's flags. Each write is one script on the flag's key that also
 * publishes (so a write is never left unannounced by a client dying between two commands). The
 * registry lives in another slot, so it is updated by a separate command: added to before a write
 * and removed from after a delete, so that it may name a flag that no longer exists (listing skips
 * those) but every write re-registers its flag.
 */
final class FlagRedis {
    private static final LuaScript SET = LuaScript.load(FlagRedis.class, "set");
    private static final LuaScript UPDATE = LuaScript.load(FlagRedis.class, "update");
    private static final LuaScript DELETE = LuaScript.load(FlagRedis.class, "delete");

    private final UnifiedJedis redis;
    private final Namespace ns;
    private final ScriptRunner scripts;
    private final String registryKey;
    private final String channel;

    /** Where a set of flags lives: the application's ({@code flag}) or Capstan's own switches ({@code gate}). */
    enum Space {
        APPLICATION("flag"), INTERNAL("gate");

        final String word;

        Space(String word) {
            this.word = word;
        }
    }

    private final Space space;

    FlagRedis(UnifiedJedis redis, Namespace ns, Space space) {
        this.redis = redis;
        this.ns = ns;
        this.space = space;
        this.scripts = new ScriptRunner(redis);
        this.registryKey = ns.plain(space.word + "s");
        this.channel = ns.plain(space.word + "s", "invalidations");
    }

    Space space() {
        return space;
    }

    UnifiedJedis redis() {
        return redis;
    }

    Namespace namespace() {
        return ns;
    }

    String channel() {
        return channel;
    }

    String key(String flag) {
        return ns.tagged(space.word + ":" + Namespace.requireTaggable(flag));
    }

    Optional<FlagState> read(String flag) {
        return FlagHash.decode(flag, redis.hgetAll(key(flag)));
    }

    Set<String> names() {
        return redis.smembers(registryKey);
    }

    long replace(String flag, List<String> fieldValuePairs) {
        String key = key(flag);
        redis.sadd(registryKey, flag);
        List<String> args = new ArrayList<>(2 + fieldValuePairs.size());
        args.add(channel);
        args.add(flag);
        args.addAll(fieldValuePairs);
        return scripts.runForLong(SET, List.of(key), args);
    }

    long update(String flag, List<String> fieldValuePairsToSet, Collection<String> fieldsToDelete) {
        String key = key(flag);
        redis.sadd(registryKey, flag);
        List<String> args = new ArrayList<>(3 + fieldValuePairsToSet.size() + fieldsToDelete.size());
        args.add(channel);
        args.add(flag);
        args.add(String.valueOf(fieldValuePairsToSet.size() / 2));
        args.addAll(fieldValuePairsToSet);
        args.addAll(fieldsToDelete);
        return scripts.runForLong(UPDATE, List.of(key), args);
    }

    boolean delete(String flag) {
        boolean existed = scripts.runForLong(DELETE, List.of(key(flag)), List.of(channel, flag)) == 1;
        redis.srem(registryKey, flag);
        return existed;
    }
}
