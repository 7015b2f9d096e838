package dev.capstan.dashboard;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Dashboard sessions in Redis, on the sessions primitive: logins survive a dashboard restart and
 * are shared by several dashboard instances behind a load balancer. Each touch slides the expiry,
 * never past the session's maximum lifetime.
 *
 * <pre>{@code
 * .sessions(new RedisSessionStore(new dev.capstan.redis.session.SessionStore(capstan.redis(), capstan.namespace())))
 * }</pre>
 */
public final class RedisSessionStore implements SessionStore {
    private final dev.capstan.redis.session.SessionStore sessions;

    public RedisSessionStore(dev.capstan.redis.session.SessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public String create(Map<String, String> attributes, Duration idleTimeout) {
        return sessions.create(attributes, idleTimeout).id();
    }

    /** Redis drops the session at its absolute end as well (the primitive's own maximum lifetime). */
    @Override
    public String create(Map<String, String> attributes, Duration idleTimeout, Duration maxLifetime) {
        return sessions.create(attributes, idleTimeout, maxLifetime).id();
    }

    @Override
    public Optional<Map<String, String>> get(String id) {
        return sessions.get(id).map(dev.capstan.redis.session.Session::attributes);
    }

    @Override
    public void touch(String id) {
        sessions.touch(id);
    }

    @Override
    public void destroy(String id) {
        sessions.destroy(id);
    }
}
