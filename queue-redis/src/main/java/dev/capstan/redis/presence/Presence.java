package dev.capstan.redis.presence;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.lua.ScriptRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * Who is alive in a group: members send heartbeats with a time to live, and anyone can ask who is
 * online, how many, and who went silent. Liveness is judged by the Redis server clock, so members
 * with drifting clocks cannot look alive (or dead) by mistake.
 *
 * <p>Keys (one hash tag per group, so every script touches one cluster slot):
 * {@code ns:{presence:G}:members} is a sorted set of member id to expiry time; {@code
 * ns:{presence:G}:info:M} is a hash of what member M said about itself, expiring with it.
 * Members silent for longer than {@code forgetAfter} are dropped when the group is listed.
 *
 * <p>Capstan's workers use the group "workers"; the reaper returns the jobs of members that are
 * no longer online.
 */
public final class Presence {
    private static final LuaScript HEARTBEAT = LuaScript.load(Presence.class, "heartbeat");
    private static final LuaScript MEMBERS = LuaScript.load(Presence.class, "members");
    private static final LuaScript IS_ONLINE = LuaScript.load(Presence.class, "is_online");
    private static final LuaScript LEAVE = LuaScript.load(Presence.class, "leave");

    private final UnifiedJedis redis;
    private final ScriptRunner scripts;
    private final Namespace ns;
    private final String tag;
    private final Duration forgetAfter;

    public Presence(UnifiedJedis redis, Namespace ns, String group) {
        this(redis, ns, group, Duration.ofDays(1));
    }

    public Presence(UnifiedJedis redis, Namespace ns, String group, Duration forgetAfter) {
        this.redis = redis;
        this.scripts = new ScriptRunner(redis);
        this.ns = ns;
        this.tag = "presence:" + Namespace.requireTaggable(group);
        this.forgetAfter = forgetAfter;
    }

    /** Marks {@code member} alive for {@code ttl}, keeping the info it gave before. */
    public void heartbeat(String member, Duration ttl) {
        heartbeat(member, ttl, Map.of());
    }

    /** Marks {@code member} alive for {@code ttl} and replaces its info (when {@code info} is not empty). */
    public void heartbeat(String member, Duration ttl, Map<String, String> info) {
        beat(member, ttl, info);
    }

    /**
     * Marks {@code member} alive for {@code ttl} (replacing its info when {@code info} is not empty) and
     * says whether it had lapsed: it was silent past its previous ttl by the server clock, or had been
     * removed from the group, so others may have taken it for dead meanwhile.
     */
    public Beat beat(String member, Duration ttl, Map<String, String> info) {
        List<String> args = new ArrayList<>(2 + info.size() * 2);
        args.add(member);
        args.add(Long.toString(Math.max(1, ttl.toMillis())));
        info.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        List<Object> reply = scripts.runForList(HEARTBEAT, List.of(membersKey(), infoKey(member)), args);
        long expiry = (Long) reply.get(0);
        long previous = (Long) reply.get(1);
        long now = (Long) reply.get(2);
        return new Beat(expiry, previous < 0 ? -1 : previous, now);
    }

    /**
     * One heartbeat's answer (epoch ms, server clock): the new expiry, the previous one (-1 when the
     * member was not in the group) and the server's now.
     */
    public record Beat(long expiry, long previousExpiry, long serverNow) {
        /** The member's previous expiry had passed: it was silent for longer than its ttl. */
        public boolean lapsedSince() {
            return previousExpiry >= 0 && previousExpiry <= serverNow;
        }

        /** The member was not in the group (first beat, or removed). */
        public boolean wasAbsent() {
            return previousExpiry < 0;
        }
    }

    public boolean isOnline(String member) {
        return scripts.runForLong(IS_ONLINE, List.of(membersKey()), List.of(member)) == 1;
    }

    /** Members whose heartbeat has not expired. */
    public List<String> online() {
        return members("online", Duration.ZERO);
    }

    public int count() {
        return online().size();
    }

    /** Members whose heartbeat expired within the last {@code within}: they went silent. */
    public List<String> silent(Duration within) {
        return members("silent", within);
    }

    /** What {@code member} said about itself in its last heartbeat with info (empty once it expired). */
    public Map<String, String> info(String member) {
        return redis.hgetAll(infoKey(member));
    }

    /** Removes {@code member} at once (clean shutdown), so it is neither online nor silent. */
    public void leave(String member) {
        scripts.run(LEAVE, List.of(membersKey(), infoKey(member)), List.of(member));
    }

    private List<String> members(String which, Duration within) {
        List<Object> result = scripts.runForList(MEMBERS, List.of(membersKey()),
                List.of(which, Long.toString(within.toMillis()), Long.toString(forgetAfter.toMillis())));
        List<String> members = new ArrayList<>(result.size());
        result.forEach(m -> members.add((String) m));
        return members;
    }

    private String membersKey() {
        return ns.tagged(tag, "members");
    }

    private String infoKey(String member) {
        return ns.tagged(tag, "info", member);
    }
}
