package dev.capstan.dashboard;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Dashboard sessions in Redis, on the sessions primitive: logins survive a dashboard restart and
 * are shared by several dashboard instances behind a load balancer. Each touch slides the expiry.
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
