package dev.capstan.dashboard;

import static org.awaitility.Awaitility.await;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobRequest;
import dev.capstan.api.QueueAdmin;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.JobTypeOptions;
import dev.capstan.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Real queue state built through the public APIs, the way an application would make it:
 * <ul>
 *   <li>queue "reports" (no worker listens): 3 waiting jobs and 1 scheduled an hour ahead;</li>
 *   <li>queue "default" (one live worker): 2 dead jobs (their first run throws; a retried run
 *       succeeds) and 1 in flight (its handler blocks until the test ends).</li>
 * </ul>
 */
final class Scenario {
    record Args(int n) {}

    final CapstanRedis capstan;
    final QueueAdmin admin;
    final Worker worker;
    final List<String> waitingIds = new ArrayList<>();
    final List<String> deadIds = new ArrayList<>();
    final String scheduledId;
    final String inFlightId;
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    Scenario(RedisTestContext ctx) {
        capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())), new JacksonJobCodec());
        admin = capstan.admin();
        CountDownLatch release = new CountDownLatch(1);
        worker = ctx.closeAfter(Worker.builder(capstan)
                .queues("default")
                .concurrency(2)
                .heartbeat(Duration.ofMillis(200), Duration.ofSeconds(2))
                .reaper(false, Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(2))
                .handler(handler("explode", (a, c) -> {
                    if (failedOnce.add(c.jobId())) {
                        throw new IllegalStateException("report " + a.n() + " exploded");
                    }
                }), JobTypeOptions.defaults().withMaxAttempts(1))
                .handler(handler("block", (a, c) -> release.await()))
                .build().start());
        ctx.closeAfter(release::countDown); // closed before the worker: the blocked job finishes first
        for (int i = 0; i < 3; i++) {
            waitingIds.add(capstan.client().enqueue(JobRequest.of("render", new Args(i)).queue("reports")).jobId());
        }
        scheduledId = capstan.client().enqueueIn(JobRequest.of("render", new Args(99)).queue("reports"), Duration.ofHours(1)).jobId();
        for (int i = 0; i < 2; i++) {
            deadIds.add(capstan.client().enqueue(JobRequest.of("explode", new Args(i)).maxAttempts(1)).jobId());
        }
        inFlightId = capstan.client().enqueue("block", new Args(7)).jobId();
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.queue("default").dead() == 2
                && admin.queue("default").inFlight() == 1);
    }

    @FunctionalInterface
    interface Body {
        void run(Args args, JobContext ctx) throws Exception;
    }

    static JobHandler<Args> handler(String type, Body body) {
        return new JobHandler<>() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Class<Args> argsType() {
                return Args.class;
            }

            @Override
            public void handle(Args args, JobContext context) throws Exception {
                body.run(args, context);
            }
        };
    }
}
