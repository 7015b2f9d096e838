package dev.capstan.worker;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.RedisConnections;
import dev.capstan.redis.queue.QueueSettings;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A worker process whose handler "explode" fails with a message that tries to forge a log line.
 * Args: redis-url namespace. For {@link LogForgingTest}, which reads this process's log.
 */
public final class LogForgingWorkerMain {
    static final String FORGED = "INFO dev.capstan.worker.Worker - FORGED all jobs succeeded";

    public static void main(String[] args) {
        CapstanRedis capstan = new CapstanRedis(RedisConnections.connect(args[0]),
                QueueSettings.defaults(new Namespace(args[1])), new JacksonJobCodec());
        Worker worker = Worker.builder(capstan)
                .concurrency(2)
                .heartbeat(Duration.ofMillis(250), Duration.ofMillis(1500))
                .handler(TestHandlers.handler("explode", (a, ctx) -> {
                    throw new IllegalStateException("bad input\n" + FORGED + "\r\n" + FORGED);
                }), JobTypeOptions.defaults().withMaxAttempts(1))
                .build();
        worker.start().closeOnShutdown();
        System.out.println("worker started " + worker.id());
        LockSupport.park(); // run until terminated
    }
}
