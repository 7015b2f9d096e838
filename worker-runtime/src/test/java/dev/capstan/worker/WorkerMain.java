package dev.capstan.worker;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.queue.QueueSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.UnifiedJedis;

/**
 * A worker process for multi-process tests. Its one handler, "effect", does {@code work-ms} of
 * work and then records its side effect: HINCRBY ns:effects JOBID 1 (so a test can count how often
 * each job took effect). Args: redis-url namespace concurrency work-ms shutdown-timeout-ms.
 */
public final class WorkerMain {
    public static void main(String[] args) {
        UnifiedJedis redis = RedisConnections.connect(args[0]);
        Namespace ns = new Namespace(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        long workMs = Long.parseLong(args[3]);
        Duration shutdownTimeout = Duration.ofMillis(Long.parseLong(args[4]));
        CapstanRedis capstan = new CapstanRedis(redis, QueueSettings.defaults(ns), new JacksonJobCodec());
        String effects = ns.plain("effects");
        Duration lease = Duration.ofMillis(args.length > 5 ? Long.parseLong(args[5]) : 15_000);
        Worker worker = Worker.builder(capstan)
                .concurrency(concurrency)
                .heartbeat(Duration.ofMillis(250), Duration.ofMillis(1500))
                .reaper(true, Duration.ofMillis(500))
                .shutdownTimeout(shutdownTimeout)
                .leaderLease(lease)
                .handler(TestHandlers.handler("effect", (a, ctx) -> {
                    if (workMs > 0) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(workMs)); // the job's "work"
                    }
                    redis.hincrBy(effects, Integer.toString(a.n()), 1);
                }))
                .build();
        worker.closeOnShutdown().start(); // the hook first: a SIGTERM during start() then closes the worker once started
        System.out.println("worker started " + worker.id());
        LockSupport.park(); // run until killed or terminated
    }
}
