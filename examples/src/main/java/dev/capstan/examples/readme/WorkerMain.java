package dev.capstan.examples.readme;

import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.ratelimit.RateLimiter;
import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.worker.JobTypeOptions;
import dev.capstan.worker.Throttles;
import dev.capstan.worker.Worker;
import java.time.Duration;
import java.util.Map;

/** The README's worker process: run it, leave it running, stop it with SIGTERM or Ctrl-C. */
// tag::worker[]
public final class WorkerMain {
    public static void main(String[] args) throws InterruptedException {
        String redisUrl = System.getenv().getOrDefault("REDIS_URL", "redis://localhost:6379");
        try (CapstanRedis capstan = CapstanRedis.connect(redisUrl)) {
            RateLimiter cardProcessor = RateLimiters.on(capstan.redis(), capstan.namespace())
                    .gcra("card-processor", 20, Duration.ofSeconds(1), 5);   // 20 calls/s, bursts of 5
            Worker worker = Worker.builder(capstan)
                    .handler(new SendWelcomeEmail())
                    .handler(new ChargeCard(), JobTypeOptions.defaults()
                            .withMaxAttempts(5)
                            .withTimeout(Duration.ofSeconds(30))
                            .withThrottle(Throttles.rate(cardProcessor, Throttles.GLOBAL)))  // 20/s over all workers
                    .weightedQueues(Map.of("payments", 3, "default", 1))  // or .queues("payments", "default"): strict order
                    .concurrency(50)                                       // jobs at once (virtual threads)
                    .build();
            worker.start()
                    .closeOnShutdown()      // SIGTERM, Ctrl-C: stop fetching, finish running jobs (25 s), push back the rest
                    .awaitTermination();    // blocks until the worker is closed: the process stays up until then
        }                                   // and the Redis connections close after the worker
    }
}
// end::worker[]
