package dev.capstan.redis.queue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Warns once per process when Redis may evict keys: a queue in an evicting Redis loses jobs
 * silently when memory runs out. Only {@code noeviction} is safe (writes then fail loudly instead).
 */
public final class EvictionPolicyCheck {
    private static final Logger log = LoggerFactory.getLogger(EvictionPolicyCheck.class);
    private static final AtomicBoolean warned = new AtomicBoolean();

    private EvictionPolicyCheck() {}

    /** Returns the policy (or null when CONFIG is not allowed, as on some managed services). */
    public static String warnIfEvicting(UnifiedJedis redis) {
        String policy;
        try {
            Map<String, String> config = redis.configGet("maxmemory-policy");
            policy = config.get("maxmemory-policy");
        } catch (RuntimeException e) {
            log.debug("cannot read maxmemory-policy ({}); make sure it is noeviction", e.toString());
            return null;
        }
        if (policy != null && !"noeviction".equals(policy) && warned.compareAndSet(false, true)) {
            log.warn("Redis maxmemory-policy is '{}': when memory runs out Redis may evict queue keys and jobs are "
                    + "lost silently. Set maxmemory-policy noeviction for the Redis that holds Capstan's queues.", policy);
        }
        return policy;
    }
}
