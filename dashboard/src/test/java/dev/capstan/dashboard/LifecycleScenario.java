package dev.capstan.dashboard;

import static org.awaitility.Awaitility.await;

import dev.capstan.api.Batch;
import dev.capstan.api.BatchEvent;
import dev.capstan.api.BatchOptions;
import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobStatus;
import dev.capstan.api.ResultHandler;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Job lifecycles built through the public APIs, as an application would:
 * <ul>
 *   <li>queue "exports" (one live worker): a tracked job that succeeded with a result, and a tracked
 *       job that runs until the test ends (to be cancelled);</li>
 *   <li>queue "later" (no worker): a tracked job waiting;</li>
 *   <li>a batch of 5 jobs that succeeded (its callback ran), and an open batch of 2 (not sealed).</li>
 * </ul>
 */
final class LifecycleScenario {
    record Args(int n) {}

    record Export(int rows, String file) {}

    final CapstanRedis capstan;
    final Worker worker;
    final String succeededId;
    final String runningId;
    final String waitingId;
    final Batch doneBatch;
    final Batch openBatch;

    LifecycleScenario(RedisTestContext ctx) throws InterruptedException {
        capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())), new JacksonJobCodec());
        CountDownLatch release = new CountDownLatch(1);
        worker = ctx.closeAfter(Worker.builder(capstan)
                .queues("exports")
                .concurrency(4)
                .heartbeat(Duration.ofMillis(200), Duration.ofSeconds(2))
                .reaper(false, Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(2))
                .handler(ResultHandler.of("export", Args.class, (a, c) -> new Export(a.n() * 100, "export-" + a.n() + ".csv")))
                .handler(Scenario.handler("block", (a, c) -> release.await()))
                .handler(Scenario.handler("row", (a, c) -> {}))
                .handler(new JobHandler<BatchEvent>() {
                    @Override
                    public String type() {
                        return "import-done";
                    }

                    @Override
                    public Class<BatchEvent> argsType() {
                        return BatchEvent.class;
                    }

                    @Override
                    public void handle(BatchEvent args, JobContext context) {}
                })
                .build().start());
        ctx.closeAfter(release::countDown); // closed before the worker: the blocked job finishes first
        EnqueueResult succeeded = capstan.client().enqueue(JobRequest.of("export", new Args(7)).queue("exports")
                .keepResult(Duration.ofHours(1)));
        succeededId = succeeded.jobId();
        succeeded.await(Duration.ofSeconds(10));
        EnqueueResult running = capstan.client().enqueue(JobRequest.of("block", new Args(1)).queue("exports")
                .keepResult(Duration.ofHours(1)));
        runningId = running.jobId();
        waitingId = capstan.client().enqueue(JobRequest.of("export", new Args(2)).queue("later")
                .keepResult(Duration.ofHours(1))).jobId();
        List<JobRequest> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(JobRequest.of("row", new Args(i)).queue("exports"));
        }
        doneBatch = capstan.batches().enqueue(BatchOptions.described("import 2024-05").callbackQueue("exports")
                .onSuccess("import-done", Map.of()), rows);
        openBatch = capstan.batches().open(BatchOptions.described("nightly sync"));
        openBatch.add(List.of(JobRequest.of("row", new Args(10)).queue("later"), JobRequest.of("row", new Args(11)).queue("later")));
        await().atMost(Duration.ofSeconds(10)).until(() -> doneBatch.status().isSuccess()
                && running.status().orElseThrow().state() == JobStatus.State.RUNNING);
    }
}
