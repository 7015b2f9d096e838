package dev.capstan.redis.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one session as read from Redis; changing it means calling {@link SessionStore}.
 *
 * @param id             the session id (256 random bits, URL-safe base64)
 * @param attributes     the session's attributes (unmodifiable)
 * @param createdAt      server time of creation
 * @param lastAccessedAt server time of creation or of the last touch or rotation
 * @param idleTimeout    how long the session lives without a touch
 * @param deadline       the absolute end of the session's life, if it has one
 */
public record Session(String id, Map<String, String> attributes, Instant createdAt, Instant lastAccessedAt,
        Duration idleTimeout, Optional<Instant> deadline) {

    public Session {
        Objects.requireNonNull(id, "id");
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastAccessedAt, "lastAccessedAt");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(deadline, "deadline");
    }

    /** When the session expires unless touched: idle timeout after the last access, capped by the deadline. */
    public Instant expiresAt() {
        Instant idleEnd = lastAccessedAt.plus(idleTimeout);
        return deadline.filter(d -> d.isBefore(idleEnd)).orElse(idleEnd);
    }

    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }
}
