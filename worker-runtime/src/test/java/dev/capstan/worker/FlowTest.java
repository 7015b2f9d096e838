package dev.capstan.worker;

import static dev.capstan.worker.WorkerTest.capstan;
import static dev.capstan.worker.WorkerTest.fastWorker;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.CancelResult;
import dev.capstan.api.ChildFailure;
import dev.capstan.api.Flow;
import dev.capstan.api.FlowResult;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobStatus;
import dev.capstan.api.JobStatus.State;
import dev.capstan.api.ResultHandler;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.TestHandlers.Args;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Flows (BullMQ's model): a parent after its children, reading their results; chains; failure policies. */
@ExtendWith(RedisExtension.class)
class FlowTest {
    static final List<String> QUEUES = List.of("reports", "sources", "steps");

    /** "fetch" returns its n times 10 and fails for n < 0; "sum" adds its children's results. */
    static WorkerBuilder worker(CapstanRedis capstan, Queue<String> ran) {
        return fastWorker(capstan).queues(QUEUES.toArray(String[]::new)).concurrency(4)
                .handler(ResultHandler.of("fetch", Args.class, (a, c) -> {
                    ran.add("fetch " + a.n());
                    if (a.n() < 0) {
                        throw new IllegalStateException("source " + a.n() + " is down");
                    }
                    return a.n() * 10;
                }), JobTypeOptions.defaults().withMaxAttempts(1))
                .handler(ResultHandler.of("sum", Args.class, (a, c) -> {
                    ran.add("sum " + a.n());
                    int sum = c.childResults(Integer.class).values().stream().mapToInt(Integer::intValue).sum();
                    return sum + c.failedChildren().size() * 1000;
                }))
                .handler(ResultHandler.of("step", Args.class, (a, c) -> {
                    ran.add("step " + a.n());
                    Integer previous = c.childResultsJson().isEmpty() ? null : c.childResult(Integer.class);
                    return previous == null ? a.n() : previous * 10 + a.n();
                }));
    }

    @Test
    void aParentRunsAfterItsChildrenOnOtherQueuesAndReadsTheirResults(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        Queue<String> ran = new ConcurrentLinkedQueue<>();
        ctx.closeAfter(worker(capstan, ran).build().start());
        FlowResult flow = capstan.flows().enqueue(Flow.of(JobRequest.of("sum", new Args(0)).queue("reports"))
                .child(JobRequest.of("fetch", new Args(1)).queue("sources"))
                .child(JobRequest.of("fetch", new Args(2)).queue("sources"))
                .child(JobRequest.of("fetch", new Args(3)).queue("steps")));
        assertEquals(State.WAITING_CHILDREN, flow.job().status().orElseThrow().state());
        assertEquals(3, flow.job().status().orElseThrow().pendingChildren());

        JobStatus parent = flow.job().await(Duration.ofSeconds(10));
        assertEquals(State.SUCCEEDED, parent.state());
        assertEquals(60, parent.result(Integer.class));
        assertEquals("sum 0", ran.stream().toList().get(3), "the parent ran last: " + ran);
        assertEquals(4, flow.jobIds().size());
        for (FlowResult child : flow.children()) {
            assertEquals(flow.job().jobId(), child.job().status().orElseThrow().parentId().orElseThrow());
        }
    }

    @Test
    void aChainPassesEachResultToTheNextStep(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        Queue<String> ran = new ConcurrentLinkedQueue<>();
        ctx.closeAfter(worker(capstan, ran).build().start());
        FlowResult chain = capstan.flows().enqueue(Flow.chain(JobRequest.of("step", new Args(1)).queue("steps"),
                JobRequest.of("step", new Args(2)).queue("sources"), JobRequest.of("step", new Args(3)).queue("reports")));
        assertEquals(123, chain.job().await(Duration.ofSeconds(10)).result(Integer.class));
        assertEquals(List.of("step 1", "step 2", "step 3"), List.copyOf(ran));
    }

    @Test
    void aChildsFailureFailsItsParentAndSoOnUpTheFlow(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        Queue<String> ran = new ConcurrentLinkedQueue<>();
        ctx.closeAfter(worker(capstan, ran).build().start());
        FlowResult flow = capstan.flows().enqueue(Flow.of(JobRequest.of("sum", new Args(0)).queue("reports"))
                .child(Flow.of(JobRequest.of("sum", new Args(1)).queue("steps"))
                        .child(JobRequest.of("fetch", new Args(-1)).queue("sources")))
                .child(JobRequest.of("fetch", new Args(2)).queue("sources")));

        JobStatus root = flow.job().await(Duration.ofSeconds(10));
        assertEquals(State.DEAD, root.state());
        String middleId = flow.children().get(0).job().jobId();
        assertTrue(root.error().orElseThrow().contains("child " + middleId + " dead"), root.error().orElseThrow());
        JobStatus middle = flow.children().get(0).job().status().orElseThrow();
        assertEquals(State.DEAD, middle.state());
        assertTrue(middle.error().orElseThrow().contains("source -1 is down"), middle.error().orElseThrow());
        assertTrue(ran.stream().noneMatch(r -> r.startsWith("sum")), "no parent ran: " + ran);
        assertEquals(1, capstan.admin().queue("reports").dead(), "the root is in its queue's dead set, with the reason");
        assertEquals("ChildFailed", capstan.admin().dead("reports", 0, 1).items().get(0).job().lastError().className());
    }

    @Test
    void aParentContinuesPastAChildWhoseFailureItAccepts(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        Queue<String> ran = new ConcurrentLinkedQueue<>();
        ctx.closeAfter(worker(capstan, ran).build().start());
        FlowResult flow = capstan.flows().enqueue(Flow.of(JobRequest.of("sum", new Args(0)).queue("reports"))
                .child(JobRequest.of("fetch", new Args(4)).queue("sources"))
                .child(JobRequest.of("fetch", new Args(-2)).queue("sources"), ChildFailure.CONTINUE_PARENT));
        JobStatus parent = flow.job().await(Duration.ofSeconds(10));
        assertEquals(State.SUCCEEDED, parent.state());
        assertEquals(1040, parent.result(Integer.class), "40 from the child that succeeded, 1000 per failed child");
    }

    @Test
    void aParentWaitingForItsChildrenCanBeCancelledAndDoesNotRun(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        FlowResult flow = capstan.flows().enqueue(Flow.of(JobRequest.of("sum", new Args(0)).queue("reports"))
                .child(JobRequest.of("fetch", new Args(1)).queue("sources")));
        assertEquals(CancelResult.CANCELLED, flow.job().cancel());
        Queue<String> ran = new ConcurrentLinkedQueue<>();
        ctx.closeAfter(worker(capstan, ran).build().start());
        assertEquals(State.SUCCEEDED, flow.children().get(0).job().await(Duration.ofSeconds(10)).state());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> ran.size() == 1);
        assertEquals(State.CANCELLED, flow.job().status().orElseThrow().state());
        assertEquals(0, capstan.admin().queue("reports").size());
    }

    @Test
    void aCancelledChildFailsItsParent(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = capstan(ctx);
        FlowResult flow = capstan.flows().enqueue(Flow.of(JobRequest.of("sum", new Args(0)).queue("reports"))
                .child(JobRequest.of("fetch", new Args(1)).queue("sources")));
        assertEquals(CancelResult.CANCELLED, flow.children().get(0).job().cancel());
        JobStatus parent = flow.job().await(Duration.ofSeconds(5));
        assertEquals(State.DEAD, parent.state());
        assertTrue(parent.error().orElseThrow().contains("cancelled"), parent.error().orElseThrow());
    }
}
