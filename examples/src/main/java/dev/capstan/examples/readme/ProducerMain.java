package dev.capstan.examples.readme;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobRequest;
import dev.capstan.redis.CapstanRedis;
import java.time.Duration;

/** The README's producer: any process that enqueues jobs (a web app, a script, a job). */
// tag::producer[]
public final class ProducerMain {
    public static void main(String[] args) {
        String redisUrl = System.getenv().getOrDefault("REDIS_URL", "redis://localhost:6379");
        try (CapstanRedis capstan = CapstanRedis.connect(redisUrl)) {
            JobClient client = capstan.client();
            client.enqueue(SendWelcomeEmail.TYPE, new SendWelcomeEmail.Args(42, "ada@example.com"));  // queue "default"
            client.enqueue(JobRequest.of(ChargeCard.TYPE, new ChargeCard.Args("order-7", 1999))
                    .queue("payments")
                    .idempotencyKey("order-7")      // charged to completion at most once, however often enqueued
                    .maxAttempts(5));
            EnqueueResult later = client.enqueue(JobRequest.of(SendWelcomeEmail.TYPE,
                            new SendWelcomeEmail.Args(43, "grace@example.com"))
                    .runIn(Duration.ofSeconds(5)));  // a delayed job (or .runAt(instant)): due in 5 s
            System.out.println("enqueued; the delayed job is " + later.jobId());
        }
    }
}
// end::producer[]
