package dev.capstan.redis.livestatus;

import java.time.Duration;
import java.util.Objects;

/**
 * A change of one actor's status, as published by {@link LiveStatus}: announced (set or refreshed)
 * or cleared. Expiry publishes nothing (see {@link LiveStatus}), so a listener that shows statuses
 * should drop one after its {@link #ttl} unless it is announced again.
 *
 * @param topic  the topic subscribed to
 * @param actor  whose status changed
 * @param kind   what happened
 * @param status the new status for {@link Kind#ANNOUNCED}, null for {@link Kind#CLEARED}
 * @param ttl    how long the announced status lives, {@link Duration#ZERO} for {@link Kind#CLEARED}
 */
public record LiveStatusEvent(String topic, String actor, Kind kind, String status, Duration ttl) {

    public enum Kind { ANNOUNCED, CLEARED }

    public LiveStatusEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ttl, "ttl");
        if (kind == Kind.ANNOUNCED) {
            Objects.requireNonNull(status, "status");
        }
    }

    /*
     * Wire format, parsed without a JSON library and safe for any characters in actor and status:
     * "A|<ttl ms>|<actor length>|<actor><status>" or "C|0|<actor length>|<actor>".
     */

    static String announced(String actor, String status, Duration ttl) {
        return "A|" + ttl.toMillis() + "|" + actor.length() + "|" + actor + status;
    }

    static String cleared(String actor) {
        return "C|0|" + actor.length() + "|" + actor;
    }

    /** @throws IllegalArgumentException when {@code message} is not in the wire format */
    static LiveStatusEvent decode(String topic, String message) {
        try {
            int ttlEnd = message.indexOf('|', 2);
            int lengthEnd = message.indexOf('|', ttlEnd + 1);
            long ttlMillis = Long.parseLong(message.substring(2, ttlEnd));
            int actorLength = Integer.parseInt(message.substring(ttlEnd + 1, lengthEnd));
            String actor = message.substring(lengthEnd + 1, lengthEnd + 1 + actorLength);
            String rest = message.substring(lengthEnd + 1 + actorLength);
            return switch (message.charAt(0)) {
                case 'A' -> new LiveStatusEvent(topic, actor, Kind.ANNOUNCED, rest, Duration.ofMillis(ttlMillis));
                case 'C' -> new LiveStatusEvent(topic, actor, Kind.CLEARED, null, Duration.ZERO);
                default -> throw new IllegalArgumentException("unknown event kind");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a live status event: '" + message + "'", e);
        }
    }
}
