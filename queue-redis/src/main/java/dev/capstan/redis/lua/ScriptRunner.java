package dev.capstan.redis.lua;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Runs {@link LuaScript}s by SHA. When the server answers NOSCRIPT (first use, a restart, a
 * failover to a replica that never saw the script, SCRIPT FLUSH) it falls back to EVAL, which also
 * caches the script for the next EVALSHA. Works the same on a single server and on a cluster,
 * where the call is routed by its first key.
 */
public final class ScriptRunner {
    private final UnifiedJedis redis;

    public ScriptRunner(UnifiedJedis redis) {
        this.redis = redis;
    }

    public Object run(LuaScript script, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(script.sha(), keys, args);
        } catch (JedisNoScriptException e) {
            return redis.eval(script.source(), keys, args);
        }
    }

    public long runForLong(LuaScript script, List<String> keys, List<String> args) {
        Object result = run(script, keys, args);
        return result == null ? 0 : (Long) result;
    }

    @SuppressWarnings("unchecked")
    public List<Object> runForList(LuaScript script, List<String> keys, List<String> args) {
        Object result = run(script, keys, args);
        return result == null ? List.of() : (List<Object>) result;
    }

    public UnifiedJedis redis() {
        return redis;
    }
}
