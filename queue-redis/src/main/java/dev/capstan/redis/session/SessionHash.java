package dev.capstan.redis.session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The layout of a session's Redis hash: metadata fields {@code m:created}, {@code m:accessed},
 * {@code m:deadline} (epoch ms, server clock; deadline 0 = none) and {@code m:idle} (ms), and one
 * field {@code a:<name>} per attribute, so attribute names can never clash with metadata.
 */
final class SessionHash {
    static final String ATTRIBUTE_PREFIX = "a:";

    private SessionHash() {}

    static String attributeField(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("attribute name must be non-empty");
        }
        return ATTRIBUTE_PREFIX + name;
    }

    static List<String> attributePairs(Map<String, String> attributes) {
        List<String> pairs = new ArrayList<>(2 * attributes.size());
        attributes.forEach((name, value) -> {
            pairs.add(attributeField(name));
            pairs.add(Objects.requireNonNull(value, () -> "value of attribute " + name));
        });
        return pairs;
    }

    static Optional<Session> decode(String id, Map<String, String> hash) {
        if (hash == null || !hash.containsKey("m:idle")) {
            return Optional.empty(); // absent (or a stray hash that is not a session)
        }
        Map<String, String> attributes = new HashMap<>();
        hash.forEach((field, value) -> {
            if (field.startsWith(ATTRIBUTE_PREFIX)) {
                attributes.put(field.substring(ATTRIBUTE_PREFIX.length()), value);
            }
        });
        long deadline = Long.parseLong(hash.getOrDefault("m:deadline", "0"));
        return Optional.of(new Session(id, attributes,
                Instant.ofEpochMilli(Long.parseLong(hash.get("m:created"))),
                Instant.ofEpochMilli(Long.parseLong(hash.get("m:accessed"))),
                Duration.ofMillis(Long.parseLong(hash.get("m:idle"))),
                deadline > 0 ? Optional.of(Instant.ofEpochMilli(deadline)) : Optional.empty()));
    }

    /** Decodes a flat field, value, field, value... reply (HGETALL inside a script). */
    static Optional<Session> decodeFlat(String id, List<Object> flat, int from) {
        Map<String, String> hash = new HashMap<>();
        for (int i = from; i + 1 < flat.size(); i += 2) {
            hash.put(text(flat.get(i)), text(flat.get(i + 1)));
        }
        return decode(id, hash);
    }

    private static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
