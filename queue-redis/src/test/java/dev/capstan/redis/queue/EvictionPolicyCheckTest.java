package dev.capstan.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.redis.RedisConnections;
import dev.capstan.testsupport.RedisServerProcess;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

class EvictionPolicyCheckTest {

    @Test
    void reportsAnEvictingPolicy() {
        try (RedisServerProcess server = RedisServerProcess.start("--maxmemory-policy", "allkeys-lru");
             UnifiedJedis redis = RedisConnections.connect(server.url())) {
            assertEquals("allkeys-lru", EvictionPolicyCheck.warnIfEvicting(redis));
            redis.configSet("maxmemory-policy", "noeviction");
            assertEquals("noeviction", EvictionPolicyCheck.warnIfEvicting(redis));
        }
    }
}
