package dev.capstan.redis.flags;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The layout of a flag's Redis hash: fields {@code enabled} ("1"/"0"), {@code rollout} (0-100),
 * {@code version}, {@code updatedAt} (epoch ms, server clock), and one field per listed subject,
 * {@code allow:<subjectId>} or {@code deny:<subjectId>}. One key per flag keeps every write a
 * single-key script and every read a single HGETALL.
 */
final class FlagHash {
    static final String ENABLED = "enabled";
    static final String ROLLOUT = "rollout";
    static final String VERSION = "version";
    static final String UPDATED_AT = "updatedAt";
    static final String ALLOW_PREFIX = "allow:";
    static final String DENY_PREFIX = "deny:";

    private FlagHash() {}

    static Optional<FlagState> decode(String name, Map<String, String> hash) {
        if (hash == null || hash.isEmpty()) {
            return Optional.empty();
        }
        Set<String> allow = new HashSet<>();
        Set<String> deny = new HashSet<>();
        for (String field : hash.keySet()) {
            if (field.startsWith(ALLOW_PREFIX)) {
                allow.add(field.substring(ALLOW_PREFIX.length()));
            } else if (field.startsWith(DENY_PREFIX)) {
                deny.add(field.substring(DENY_PREFIX.length()));
            }
        }
        return Optional.of(new FlagState(name,
                "1".equals(hash.get(ENABLED)),
                clampPercent(parseLong(hash.get(ROLLOUT), 100)),
                allow, deny,
                parseLong(hash.get(VERSION), 0),
                Instant.ofEpochMilli(parseLong(hash.get(UPDATED_AT), 0))));
    }

    /** Field/value pairs describing a whole state (without version and updatedAt, which the script sets). */
    static List<String> encode(boolean enabled, int rolloutPercent, Collection<String> allow, Collection<String> deny) {
        List<String> pairs = new ArrayList<>(4 + 2 * (allow.size() + deny.size()));
        pairs.add(ENABLED);
        pairs.add(enabled ? "1" : "0");
        pairs.add(ROLLOUT);
        pairs.add(String.valueOf(FlagState.requirePercent(rolloutPercent)));
        for (String subject : allow) {
            pairs.add(ALLOW_PREFIX + requireSubject(subject));
            pairs.add("1");
        }
        for (String subject : deny) {
            pairs.add(DENY_PREFIX + requireSubject(subject));
            pairs.add("1");
        }
        return pairs;
    }

    static String requireSubject(String subjectId) {
        if (subjectId == null || subjectId.isEmpty()) {
            throw new IllegalArgumentException("subject id must be non-empty");
        }
        return subjectId;
    }

    private static long parseLong(String value, long fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return fallback; // a hand-edited hash must not break every reader
        }
    }

    private static int clampPercent(long value) {
        return (int) Math.max(0, Math.min(100, value));
    }
}
