package dev.capstan.dashboard;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where dashboard login sessions live. Kept minimal so that any store fits: the bundled
 * {@link InMemorySessionStore} (one dashboard process), or a shared one such as a Redis session
 * store when several dashboard instances sit behind a load balancer.
 *
 * <p>Implementations must generate ids that cannot be guessed (at least 128 random bits) and
 * must be thread-safe.
 */
public interface SessionStore {

    /** Starts a session holding {@code attributes} that ends after {@code idleTimeout} without a touch; returns its id. */
    String create(Map<String, String> attributes, Duration idleTimeout);

    /**
     * Like {@link #create(Map, Duration)}, and the session ends at the latest {@code maxLifetime} after
     * it started, however often it is touched. Stores that cannot expire a session by age may ignore
     * it: the dashboard also checks the age itself (it records the start in the attributes).
     */
    default String create(Map<String, String> attributes, Duration idleTimeout, Duration maxLifetime) {
        return create(attributes, idleTimeout);
    }

    /** The attributes of a live session, or empty if it never existed, expired or was destroyed. */
    Optional<Map<String, String>> get(String id);

    /** Restarts the idle timeout of a live session; does nothing for an unknown one. */
    void touch(String id);

    /** Ends a session at once (logout). */
    void destroy(String id);
}
