package dev.capstan.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Batch;
import dev.capstan.api.BatchOptions;
import dev.capstan.api.BatchStatus;
import dev.capstan.api.Flow;
import dev.capstan.api.FlowResult;
import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobStatus;
import dev.capstan.api.JobStatus.State;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.lifecycle.LifecycleKeys;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.JvmProcess;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.TestHandlers.Args;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Worker processes killed with SIGKILL at the worst moment for the lifecycle bookkeeping: after a
 * job was acknowledged and before its batch or flow parent heard of it, and at random moments in a
 * busy run. Batch callbacks still fire exactly once with the right counts, flow parents still run
 * once with every child's result, and no acknowledged job runs again.
 */
@ExtendWith(RedisExtension.class)
class LifecycleCrashTest {

    private static CapstanRedis capstan(RedisTestContext ctx) {
        return new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())), new JacksonJobCodec());
    }

    private static JvmProcess worker(RedisTestContext ctx, int concurrency, long workMs, String parkBefore) {
        return ctx.closeAfter(JvmProcess.start(LifecycleWorkerMain.class, ctx.url(), ctx.namespace(),
                Integer.toString(concurrency), Long.toString(workMs), parkBefore));
    }

    private static List<JobRequest> rows(int from, int n) {
        List<JobRequest> rows = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            rows.add(JobRequest.of("row", new Args(i)));
        }
        return rows;
    }

    @Test
    void aWorkerKilledBetweenAJobsAckAndTheBatchBookkeepingLosesNothingAndCallbacksFireOnce(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        String parked = capstan.namespace().plain("parked");
        JvmProcess doomed = worker(ctx, 1, 0, "batch_record");
        await().atMost(Duration.ofSeconds(20)).until(() -> capstan.workers().online().size() == 1);
        Batch batch = capstan.batches().enqueue(BatchOptions.described("crash").onSuccess("batch-done", Map.of())
                .onComplete("batch-done", Map.of()), rows(0, 20));
        await().atMost(Duration.ofSeconds(20)).until(() -> capstan.redis().exists(parked));

        // The worker stopped right after the job's acknowledgement: the job is done and out of every
        // list, its outbox entry written, and the batch has not heard of it.
        String jobId = capstan.redis().get(parked);
        assertEquals(1, capstan.redis().hlen(capstan.namespace().plain("effects")));
        assertNotNull(capstan.redis().hget(new LifecycleKeys(capstan.namespace()).outbox("default"), jobId));
        assertEquals(0, batch.status().succeeded());
        doomed.kill();

        JvmProcess survivor = worker(ctx, 4, 0, "none");
        await().atMost(Duration.ofSeconds(60)).until(() -> batch.status().isSuccess());
        String callbacks = capstan.namespace().plain("callbacks");
        await().atMost(Duration.ofSeconds(20)).until(() -> capstan.redis().hlen(callbacks) == 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                "1".equals(capstan.redis().hget(callbacks, batch.id() + ":complete"))
                        && "1".equals(capstan.redis().hget(callbacks, batch.id() + ":success")));
        BatchStatus status = batch.status();
        assertEquals(20, status.total());
        assertEquals(20, status.succeeded());
        Map<String, String> effects = capstan.redis().hgetAll(capstan.namespace().plain("effects"));
        assertEquals(20, effects.size());
        assertTrue(effects.values().stream().allMatch("1"::equals), "no job ran twice: " + effects);
        assertTrue(survivor.isAlive());
    }

    @Test
    void aWorkerKilledBetweenAChildsAckAndItsParentsBookkeepingStillReleasesTheParentOnce(RedisTestContext ctx)
            throws Exception {
        CapstanRedis capstan = capstan(ctx);
        String parked = capstan.namespace().plain("parked");
        JvmProcess doomed = worker(ctx, 1, 0, "child_done");
        await().atMost(Duration.ofSeconds(20)).until(() -> capstan.workers().online().size() == 1);
        FlowResult flow = capstan.flows().enqueue(Flow.of(JobRequest.of("sum", new Args(0)).queue("reports"))
                .child(JobRequest.of("times10", new Args(1)).queue("sources"))
                .child(JobRequest.of("times10", new Args(2)).queue("sources"))
                .child(JobRequest.of("times10", new Args(3)).queue("default")));
        await().atMost(Duration.ofSeconds(20)).until(() -> capstan.redis().exists(parked));
        String childId = capstan.redis().get(parked);
        assertEquals(State.SUCCEEDED, capstan.jobs().status(childId).orElseThrow().state(), "the child finished");
        assertEquals(3, flow.job().status().orElseThrow().pendingChildren(), "its parent has not heard of it");
        doomed.kill();

        worker(ctx, 4, 0, "none");
        JobStatus parent = flow.job().await(Duration.ofSeconds(60));
        assertEquals(State.SUCCEEDED, parent.state());
        assertEquals(60, parent.result(Integer.class), "every child's result reached the parent");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                "1".equals(capstan.redis().hget(capstan.namespace().plain("parents"), flow.job().jobId())));
    }

    @Test
    void workersKilledAtRandomMomentsOfABusyRunLeaveEveryBatchAndFlowRight(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        List<JvmProcess> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(worker(ctx, 6, 3, "none"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> capstan.workers().online().size() == 3);
        List<Batch> batches = new ArrayList<>();
        for (int b = 0; b < 10; b++) {
            batches.add(capstan.batches().enqueue(BatchOptions.described("busy " + b).onComplete("batch-done", Map.of())
                    .onSuccess("batch-done", Map.of()), rows(b * 100, 100)));
        }
        List<FlowResult> flows = new ArrayList<>();
        for (int f = 0; f < 20; f++) {
            flows.add(capstan.flows().enqueue(Flow.of(JobRequest.of("sum", new Args(f)).queue("reports"))
                    .child(JobRequest.of("times10", new Args(1)).queue("sources"))
                    .child(JobRequest.of("times10", new Args(2)).queue("sources"))
                    .child(JobRequest.of("times10", new Args(f)).queue("default"))));
        }
        String effects = capstan.namespace().plain("effects");
        await().atMost(Duration.ofSeconds(60)).until(() -> capstan.redis().hlen(effects) >= 250);
        workers.get(0).kill();
        await().atMost(Duration.ofSeconds(60)).until(() -> capstan.redis().hlen(effects) >= 600);
        workers.get(1).kill();
        workers.add(worker(ctx, 6, 3, "none"));

        for (Batch batch : batches) {
            await().atMost(Duration.ofSeconds(90)).until(() -> batch.status().isSuccess());
            BatchStatus status = batch.status();
            assertEquals(100, status.total());
            assertEquals(100, status.succeeded(), "each job counted once whatever ran twice");
        }
        String callbacks = capstan.namespace().plain("callbacks");
        await().atMost(Duration.ofSeconds(20)).until(() -> capstan.redis().hlen(callbacks) == 20);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                capstan.redis().hvals(callbacks).stream().allMatch("1"::equals));
        for (FlowResult flow : flows) {
            JobStatus parent = flow.job().await(Duration.ofSeconds(60));
            assertEquals(State.SUCCEEDED, parent.state());
            assertEquals(30 + 10 * (int) flows.indexOf(flow), parent.result(Integer.class));
        }
        assertEquals(1_000, capstan.redis().hlen(effects), "every batch job ran");
    }
}
