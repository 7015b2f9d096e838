package dev.capstan.examples.shortener;

import dev.capstan.redis.Namespace;
import dev.capstan.redis.lua.LuaScript;
import dev.capstan.redis.lua.ScriptRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The links in Redis: create under a generated code or a custom alias, resolve a code (logging the
 * click), and read a link's statistics. See {@link LinkKeys} for the layout.
 */
public final class LinkStore {
    /** The longest expiry a link may ask for. */
    public static final Duration MAX_TTL = Duration.ofDays(3650);
    private static final LuaScript REDIRECT = LuaScript.load(LinkStore.class, "redirect");

    /** A stored link; {@code expiresAt} is null for a link that never expires. */
    public record Link(String code, String url, Instant expiresAt) {}

    /** A link with its counted clicks and distinct visitors (HyperLogLog, about 0.81% error). */
    public record LinkStats(String code, String url, long clicks, long uniqueVisitors, Instant expiresAt) {}

    private final UnifiedJedis redis;
    private final ScriptRunner scripts;
    private final LinkKeys keys;

    public LinkStore(UnifiedJedis redis, Namespace ns) {
        this.redis = redis;
        this.scripts = new ScriptRunner(redis);
        this.keys = new LinkKeys(ns);
    }

    public LinkKeys keys() {
        return keys;
    }

    /** Stores {@code url} under the next code of the counter: no collision, no retry. */
    public Link create(String url, Duration ttl) {
        TargetUrls.validate(url);
        checkTtl(ttl);
        String code = ShortCodes.encode(redis.incr(keys.counter()));
        if (!setIfAbsent(code, url, ttl)) {
            // Only if the counter went back (deleted, or restored from an old backup).
            throw new IllegalStateException("generated code " + code + " is already in use: was " + keys.counter() + " reset?");
        }
        return new Link(code, url, expiry(ttl));
    }

    /** Stores {@code url} under {@code alias} if nobody has it (SET NX), else throws {@link AliasTakenException}. */
    public Link claim(String alias, String url, Duration ttl) {
        if (!ShortCodes.isValidAlias(alias)) {
            throw new TargetUrls.InvalidLinkException("alias must be 3-64 letters, digits, '-' or '_', starting with a letter");
        }
        TargetUrls.validate(url);
        checkTtl(ttl);
        if (!setIfAbsent(alias, url, ttl)) {
            throw new AliasTakenException(alias);
        }
        return new Link(alias, url, expiry(ttl));
    }

    /** Where a code leads, and whether its link expires (a link that expires must not be cached by browsers). */
    public record Target(String url, boolean expires) {}

    /**
     * The target of {@code code}, logging a click by {@code visitor} in the same round trip; empty
     * for an unknown or expired code (nothing is logged then).
     */
    public Optional<Target> resolve(String code, String visitor) {
        if (!ShortCodes.isWellFormed(code)) {
            return Optional.empty();
        }
        List<Object> reply = scripts.runForList(REDIRECT, List.of(keys.url(code), keys.clickLog(LinkKeys.shard(code))),
                List.of(code, visitor));
        return reply.isEmpty() ? Optional.empty() : Optional.of(new Target((String) reply.get(0), (Long) reply.get(1) >= 0));
    }

    /** The link with its counted clicks (clicks still in the log are not in yet), or empty. One round trip. */
    public Optional<LinkStats> stats(String code) {
        if (!ShortCodes.isWellFormed(code)) {
            return Optional.empty();
        }
        Response<String> url;
        Response<Long> ttl;
        Response<String> clicks;
        Response<Long> visitors;
        try (AbstractPipeline pipe = redis.pipelined()) {
            url = pipe.get(keys.url(code));
            ttl = pipe.pttl(keys.url(code));
            clicks = pipe.get(keys.clicks(code));
            visitors = pipe.pfcount(keys.visitors(code));
            pipe.sync();
        }
        if (url.get() == null) {
            return Optional.empty();
        }
        Instant expiresAt = ttl.get() > 0 ? Instant.now().plusMillis(ttl.get()) : null;
        return Optional.of(new LinkStats(code, url.get(), clicks.get() == null ? 0 : Long.parseLong(clicks.get()),
                visitors.get(), expiresAt));
    }

    boolean setIfAbsent(String code, String url, Duration ttl) {
        SetParams params = SetParams.setParams().nx();
        if (ttl != null) {
            params.px(ttl.toMillis());
        }
        return redis.set(keys.url(code), url, params) != null;
    }

    static void checkTtl(Duration ttl) {
        if (ttl != null && (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0)) {
            throw new TargetUrls.InvalidLinkException("expiry must be between 1 second and " + MAX_TTL.toDays() + " days");
        }
    }

    private static Instant expiry(Duration ttl) {
        return ttl == null ? null : Instant.now().plus(ttl);
    }

    /** The alias is taken (answered with 409 Conflict). */
    public static final class AliasTakenException extends RuntimeException {
        public AliasTakenException(String alias) {
            super("alias '" + alias + "' is taken");
        }
    }
}
