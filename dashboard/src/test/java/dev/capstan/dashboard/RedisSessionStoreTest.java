package dev.capstan.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisSessionStoreTest {

    @Test
    void sessionsLiveInRedisAndAreSharedBetweenDashboardInstances(RedisTestContext ctx) {
        Namespace ns = new Namespace(ctx.namespace());
        SessionStore one = new RedisSessionStore(new dev.capstan.redis.session.SessionStore(ctx.newClient(), ns));
        SessionStore two = new RedisSessionStore(new dev.capstan.redis.session.SessionStore(ctx.newClient(), ns));
        String id = one.create(Map.of("user", "admin"), Duration.ofMinutes(5));
        assertEquals(Map.of("user", "admin"), two.get(id).orElseThrow(), "another instance sees the login");
        two.touch(id);
        one.destroy(id);
        assertTrue(two.get(id).isEmpty(), "logout ends it everywhere");
        assertTrue(one.get("not-a-session").isEmpty());
    }
}
