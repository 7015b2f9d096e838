package dev.capstan.redis.queue;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.presence.Presence;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.UnifiedJedis;

/**
 * A consumer process for crash tests: heartbeats, fetches batches, "works" on each job for a few
 * milliseconds, records it as done (its side effect) and acknowledges it. Tests kill it with SIGKILL.
 * Args: redis-url namespace queue worker-id.
 */
public final class HoldingConsumerMain {
    public static void main(String[] args) {
        UnifiedJedis redis = RedisConnections.connect(args[0]);
        Namespace ns = new Namespace(args[1]);
        String queue = args[2];
        String workerId = args[3];
        QueueSettings settings = QueueSettings.defaults(ns);
        QueueBroker broker = new QueueBroker(redis, settings);
        JacksonJobCodec codec = new JacksonJobCodec();
        WorkerHeartbeat heartbeat = new WorkerHeartbeat(new Presence(redis, ns, "workers"), workerId,
                Duration.ofMillis(200), Duration.ofMillis(1000), Map::of);
        heartbeat.start();
        ReliableFetcher fetcher = new ReliableFetcher(broker, codec, queue, workerId);
        JobSettler settler = new JobSettler(broker, codec);
        System.out.println("consumer started");
        while (true) {
            List<FetchedJob> batch = fetcher.fetch(20, Duration.ofSeconds(1));
            for (FetchedJob job : batch) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // the job's "work"
                redis.sadd(ns.plain("done"), job.job().id());
                settler.ack(List.of(job));
            }
        }
    }
}
