package dev.capstan.benchmarks;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.queue.QueueKeys;
import dev.capstan.redis.queue.QueueSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Capstan connection under a namespace of its own ({@code capstan-bench}), so a benchmark on a
 * shared Redis touches only its own keys, which it deletes before it starts.
 */
final class BenchQueue implements AutoCloseable {
    static final String NAMESPACE = "capstan-bench";

    private final CapstanRedis capstan;

    BenchQueue(String url) {
        this.capstan = new CapstanRedis(RedisConnections.connect(url),
                QueueSettings.defaults(new Namespace(NAMESPACE)), new JacksonJobCodec());
        int deleted = RedisStats.deleteKeys(capstan.redis(), NAMESPACE + ":*");
        if (deleted > 0) {
            Progress.log("deleted %d leftover key(s) under %s:*", deleted, NAMESPACE);
        }
    }

    CapstanRedis capstan() {
        return capstan;
    }

    /**
     * What is left of a queue in Redis after a drain: waiting, in processing lists, scheduled and dead
     * jobs. All must be zero after a successful run.
     */
    Map<String, Long> leftovers(String queue) {
        QueueKeys k = capstan.broker().keys(queue);
        long processing = 0;
        List<String> processingKeys = RedisStats.keys(capstan.redis(), capstan.namespace().tagged(queue, "processing", "*"));
        for (String key : processingKeys) {
            processing += capstan.redis().llen(key);
        }
        Map<String, Long> left = new LinkedHashMap<>();
        left.put("pending", capstan.redis().llen(k.pending()));
        left.put("processing", processing);
        left.put("scheduled", capstan.redis().zcard(k.scheduled()));
        left.put("dead", capstan.redis().zcard(k.dead()));
        return left;
    }

    /** Jobs held in one worker's processing list. */
    long inProcessing(String queue, String workerId) {
        return capstan.redis().llen(capstan.broker().keys(queue).processing(workerId));
    }

    @Override
    public void close() {
        RedisStats.deleteKeys(capstan.redis(), NAMESPACE + ":*");
        capstan.redis().close();
    }
}
