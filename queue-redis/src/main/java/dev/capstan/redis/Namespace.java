package dev.capstan.redis;

import java.util.Objects;

/**
 * The prefix of every key Capstan writes (default {@code capstan}), and the one place key names are
 * put together. {@link #tagged} builds keys that carry a Redis Cluster hash tag, so that all keys
 * of one queue (or one lock, one limiter) live in one slot and one script may touch them all.
 */
public record Namespace(String prefix) {
    public static final Namespace DEFAULT = new Namespace("capstan");

    public Namespace {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty() || prefix.contains("{") || prefix.contains("}") || prefix.contains(" ")) {
            throw new IllegalArgumentException("invalid namespace '" + prefix
                    + "': use a non-empty prefix without spaces or braces");
        }
    }

    /** {@code prefix:{tag}:part1:part2}: every key with the same tag hashes to the same cluster slot. */
    public String tagged(String tag, String... parts) {
        requireTaggable(tag);
        StringBuilder key = new StringBuilder(prefix.length() + tag.length() + 24)
                .append(prefix).append(":{").append(tag).append('}');
        for (String part : parts) {
            key.append(':').append(part);
        }
        return key.toString();
    }

    /** {@code prefix:part1:part2} for keys that stand alone (global registries). */
    public String plain(String... parts) {
        StringBuilder key = new StringBuilder(prefix);
        for (String part : parts) {
            key.append(':').append(part);
        }
        return key.toString();
    }

    /** Names used inside a hash tag must not contain braces (they would move the tag) and must not be empty. */
    public static String requireTaggable(String name) {
        if (name == null || name.isEmpty() || name.indexOf('{') >= 0 || name.indexOf('}') >= 0) {
            throw new IllegalArgumentException("invalid name '" + name + "': use a non-empty name without '{' or '}'");
        }
        return name;
    }
}
