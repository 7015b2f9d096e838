package dev.capstan.examples.readme;

import dev.capstan.examples.jobs.ChargeCard;
import dev.capstan.examples.jobs.ResizeImage;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.worker.JobTypeOptions;
import dev.capstan.worker.Throttles;
import dev.capstan.worker.Worker;
import java.time.Duration;

/**
 * The README's throttling and feature-flag examples as a program: a worker whose "charge-card" jobs
 * run at most 20 per second across all workers, whose "resize-image" jobs run at most 4 at once across
 * all workers, and an application flag with a listener.
 * {@code REDIS_URL} (default redis://127.0.0.1:6379) names the Redis.
 */
public final class ThrottledWorkerMain {
    private ThrottledWorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        String url = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
        try (CapstanRedis capstan = CapstanRedis.connect(url)) {
            // tag::throttle[]
            RateLimiters limiters = RateLimiters.on(capstan.redis(), capstan.namespace());
            Worker worker = Worker.builder(capstan)
                    .handler(new ChargeCard(), JobTypeOptions.defaults().withThrottle(
                            Throttles.rate(limiters.gcra("psp", 20, Duration.ofSeconds(1), 5), Throttles.GLOBAL)))
                    .handler(new ResizeImage(), JobTypeOptions.defaults().withThrottle(   // 4 at once, fleet-wide
                            Throttles.concurrency(limiters.concurrency("resize", 4, Duration.ofMinutes(5)), Throttles.GLOBAL)))
                    .build();
            // end::throttle[]
            // tag::flags[]
            FeatureFlags flags = new FeatureFlags(capstan.redis(), capstan.namespace());
            flags.addListener(name -> System.out.println("flag " + name + " changed"));   // real changes only
            flags.enable("new-checkout");
            boolean on = flags.isEnabledFor("new-checkout", "user-42");                   // from the local cache
            // end::flags[]
            System.out.println("new-checkout for user-42: " + on);
            worker.start().closeOnShutdown();
            worker.awaitTermination();
            flags.close();
        }
    }
}
