package dev.capstan.examples.features.signups;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobRequest;
import dev.capstan.examples.DemoRedis;
import dev.capstan.examples.features.QueueDrain;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.bloom.BloomFilter;
import dev.capstan.worker.BloomDedup;
import dev.capstan.worker.MiddlewareJobClient;
import dev.capstan.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bloom dedup of signups: a welcome email goes out once per address, however often the form is
 * submitted (double clicks, retries, "Ada@Example.com" after "ada@example.com"). A Bloom filter of
 * every address ever seen decides at enqueue, in one script call, for about 1.2 MB per million
 * addresses; the price is that 1% of new addresses (the false-positive rate) would be taken for
 * repeats. Where that is not acceptable, use an exact dedup key ({@code JobRequest.dedupKey}).
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.capstan.examples.features.signups.BloomSignupDedup
 * </pre>
 */
public final class BloomSignupDedup {

    public record Welcome(String email) {}

    static final class SendWelcome implements JobHandler<Welcome> {
        final Map<String, Integer> sent = new ConcurrentHashMap<>();

        @Override
        public String type() {
            return "welcome";
        }

        @Override
        public Class<Welcome> argsType() {
            return Welcome.class;
        }

        @Override
        public void handle(Welcome welcome, JobContext context) {
            sent.merge(welcome.email(), 1, Integer::sum);
            System.out.println("welcome email to " + welcome.email());
        }
    }

    /** The enqueue outcome of each submission, in order, and how many emails each address got. */
    public record Result(List<EnqueueResult.Outcome> outcomes, Map<String, Integer> sent) {}

    private BloomSignupDedup() {}

    public static void main(String[] args) throws Exception {
        try (DemoRedis redis = DemoRedis.open(); CapstanRedis capstan = CapstanRedis.connect(redis.url())) {
            Result r = run(capstan, List.of("ada@example.com", "grace@example.com", "ada@example.com", "Ada@Example.com",
                    "linus@example.com", "grace@example.com"));
            System.out.println("submissions: " + r.outcomes() + "\nemails sent: " + r.sent());
        }
    }

    public static Result run(CapstanRedis capstan, List<String> submissions) throws InterruptedException {
        SendWelcome handler = new SendWelcome();
        Worker worker = Worker.builder(capstan).handler(handler).queues("signups").build().start();
        try {
            BloomFilter seen = new BloomFilter(capstan.redis(), capstan.namespace(), "signup-emails", 10_000_000, 0.01);
            JobClient signups = new MiddlewareJobClient(capstan.client(), List.of(new BloomDedup(seen,
                    request -> request.args() instanceof Welcome w ? w.email().toLowerCase(Locale.ROOT) : null)));
            List<EnqueueResult.Outcome> outcomes = submissions.stream()
                    .map(email -> signups.enqueue(JobRequest.of("welcome", new Welcome(email)).queue("signups")).outcome())
                    .toList();   // DUPLICATE for an address seen before: nothing enqueued
            QueueDrain.await(capstan.admin(), "signups", Duration.ofSeconds(20));
            return new Result(outcomes, Map.copyOf(handler.sent));
        } finally {
            worker.close();
        }
    }
}
