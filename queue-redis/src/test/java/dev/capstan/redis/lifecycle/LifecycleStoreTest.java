package dev.capstan.redis.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Batch;
import dev.capstan.api.BatchOptions;
import dev.capstan.api.CancelResult;
import dev.capstan.api.EnqueueResult;
import dev.capstan.api.Flow;
import dev.capstan.api.FlowResult;
import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.Job;
import dev.capstan.api.JobError;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobStatus.State;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.FetchedJob;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lifecycle scripts driven directly, without a worker (so they run on every supported Redis,
 * 6.2 included): each step's effect on the queue, the status and the outbox, and that repeating a
 * step (as the sweeper does after a crash) changes nothing.
 */
@ExtendWith(RedisExtension.class)
class LifecycleStoreTest {
    record Args(int n) {}

    private static CapstanRedis capstan(RedisTestContext ctx) {
        return new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())), new JacksonJobCodec());
    }

    /** Fetches the next job of {@code queue} as worker "w1" would. */
    private static FetchedJob fetch(CapstanRedis capstan, String queue) {
        String element = capstan.broker().fetch(queue, "w1", 1).get(0);
        return new FetchedJob(queue, "w1", element, capstan.codec().decode(element));
    }

    @Test
    void aTrackedJobsStatusFollowsEachStepAndItsResultIsKeptForItsRetention(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        EnqueueResult handle = capstan.client().enqueue(JobRequest.of("t", new Args(1)).keepResult(Duration.ofMinutes(30)));
        assertEquals(State.WAITING, handle.status().orElseThrow().state());
        FetchedJob fetched = fetch(capstan, "default");
        LifecycleSettler settler = capstan.jobs().settler();

        assertFalse(settler.start(fetched).cancelRequested());
        assertEquals(State.RUNNING, handle.status().orElseThrow().state());
        assertEquals("w1", handle.status().orElseThrow().workerId().orElseThrow());
        settler.progress(fetched.job(), 30, "a third");
        assertEquals(30, handle.status().orElseThrow().progress().getAsInt());

        Job next = fetched.job().withAttemptFailed(JobError.reason("Boom", "it broke", 1), System.currentTimeMillis() + 60_000);
        settler.later(fetched, next, next.runAt(), true);
        assertEquals(State.RETRYING, handle.status().orElseThrow().state());
        assertEquals("Boom: it broke", handle.status().orElseThrow().error().orElseThrow());
        assertEquals(1, capstan.admin().queue("default").scheduled());

        capstan.broker().promoteDue("default", 10); // not due yet: stays
        capstan.redis().zadd(capstan.broker().keys("default").scheduled(), 1, capstan.redis()
                .zrange(capstan.broker().keys("default").scheduled(), 0, 0).get(0)); // make it due
        capstan.broker().promoteDue("default", 10);
        FetchedJob again = fetch(capstan, "default");
        settler.start(again);
        assertEquals("succeeded", settler.succeeded(again, "{\"ok\":true}", null, null));
        assertEquals("{\"ok\":true}", handle.status().orElseThrow().resultJson().orElseThrow());
        assertTrue(capstan.broker().processing("default", "w1").isEmpty());
        long ttl = capstan.redis().pttl(new LifecycleKeys(capstan.namespace()).status(handle.jobId()));
        assertTrue(ttl > 29 * 60_000 && ttl <= 30 * 60_000, "kept for its retention: " + ttl);
        assertNull(settler.succeeded(again, "{}", null, null), "a second acknowledgement finds nothing to do");
        assertEquals(State.SUCCEEDED, handle.status().orElseThrow().state());
    }

    @Test
    void aKeyedTrackedJobRecordsItsCompletionOnlyWhileItsCopyHoldsTheKeysLock(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        EnqueueResult handle = capstan.client().enqueue(JobRequest.of("t", new Args(1)).idempotencyKey("order-7")
                .keepResult(Duration.ofMinutes(30)));
        FetchedJob fetched = fetch(capstan, "default");
        LifecycleSettler settler = capstan.jobs().settler();
        String lock = capstan.broker().beginKeyed("default", "order-7", "w1", fetched.job().id(), Duration.ofSeconds(20)).value();
        String completed = capstan.broker().keys("default").completed("order-7");
        settler.start(fetched);

        // The lease ran out and another copy took the key: this copy must not record over it.
        capstan.redis().set(capstan.broker().keys("default").keyLock("order-7"), "w2 other-job 99");
        assertEquals(LifecycleSettler.LOCK_LOST, settler.succeeded(fetched, "{\"ok\":true}", Duration.ofDays(1), lock));
        assertNull(capstan.redis().get(completed), "no completion recorded");
        assertEquals(1, capstan.broker().processing("default", "w1").size(), "still in its processing list");
        assertEquals(State.RUNNING, handle.status().orElseThrow().state());

        // Its own lock held: acknowledged, completion and result recorded in one step.
        capstan.redis().set(capstan.broker().keys("default").keyLock("order-7"), lock);
        assertEquals("succeeded", settler.succeeded(fetched, "{\"ok\":true}", Duration.ofDays(1), lock));
        assertEquals(handle.jobId(), capstan.redis().get(completed));
        assertTrue(capstan.broker().processing("default", "w1").isEmpty());
        assertEquals(State.SUCCEEDED, handle.status().orElseThrow().state());
    }

    @Test
    void trackedBatchAndFlowEnqueuesPassTheSameDoorAsPlainOnes(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        java.time.Duration keep = Duration.ofMinutes(5);
        String lone = "bad\uD800key";
        // Names, text and size: refused before anything is written, with the plain client's message.
        IllegalArgumentException type = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> capstan.client().enqueue(JobRequest.of("bad\ntype", new Args(1)).keepResult(keep)));
        assertTrue(type.getMessage().contains("control characters"), type.getMessage());
        IllegalArgumentException key = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> capstan.client().enqueue(JobRequest.of("t", new Args(1)).idempotencyKey(lone).keepResult(keep)));
        assertTrue(key.getMessage().contains("surrogate"), key.getMessage());
        String big = "x".repeat(capstan.settings().maxPayloadBytes());
        IllegalArgumentException size = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> capstan.client().enqueue(JobRequest.of("t", big).keepResult(keep)));
        assertTrue(size.getMessage().contains("maxPayloadBytes"), size.getMessage());
        // A flow with one bad node writes none of its nodes; a batch with one bad member registers none.
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> capstan.flows().enqueue(
                Flow.of(JobRequest.of("parent", new Args(1))).child(JobRequest.of("child", new Args(2)).queue("bad queue"))));
        Batch batch = capstan.batches().open(BatchOptions.described("door"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> batch.add(List.of(
                JobRequest.of("t", new Args(1)), JobRequest.of("t", new Args(2)).metadata("tenant", lone))));
        assertEquals(0, batch.status().total(), "no member counted");
        // A member refused only as it is written (too large) counts as cancelled: the batch can still complete.
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> batch.add(List.of(
                JobRequest.of("t", big))));
        batch.seal();
        assertEquals(1, batch.status().cancelled());
        assertTrue(batch.status().isComplete(), "nothing left pending");
        assertEquals(0, capstan.admin().queue("default").size(), "nothing was enqueued");
        assertTrue(capstan.redis().keys(capstan.namespace().prefix() + "*job:*").isEmpty(), "no status was written");

        // A request's own job id: the tracked id names it, and a repeat (after an unknown outcome) is a no-op.
        EnqueueResult first = capstan.client().enqueue(JobRequest.of("t", new Args(1)).jobId("order-42").keepResult(keep));
        assertEquals("order-42@default", first.jobId());
        EnqueueResult again = capstan.client().enqueue(JobRequest.of("t", new Args(1)).jobId("order-42").keepResult(keep));
        assertEquals(EnqueueResult.Outcome.DUPLICATE, again.outcome());
        assertEquals("order-42@default", again.jobId());
        assertEquals(1, capstan.admin().queue("default").size());
    }

    @Test
    void aCancelRequestTurnsARetryIntoACancellationAndIsSeenAtStart(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        EnqueueResult handle = capstan.client().enqueue(JobRequest.of("t", new Args(1)).keepResult(Duration.ofMinutes(30)));
        FetchedJob fetched = fetch(capstan, "default");
        assertEquals(CancelResult.CANCEL_REQUESTED, handle.cancel(), "in a processing list: its worker is told");
        assertTrue(capstan.jobs().settler().start(fetched).cancelRequested(), "the start step sees the request");
        Job next = fetched.job().withAttemptFailed(JobError.reason("Boom", "x", 1), System.currentTimeMillis());
        capstan.jobs().settler().later(fetched, next, next.runAt(), true);
        assertEquals(State.CANCELLED, handle.status().orElseThrow().state(), "not retried");
        assertEquals(0, capstan.admin().queue("default").scheduled());
        assertEquals(1, capstan.jobs().cancelled("default", 0, 10).total());
        assertEquals(0, capstan.redis().zcard(new LifecycleKeys(capstan.namespace()).cancelRequests("default")),
                "the request is cleared with the job");
    }

    @Test
    void aBatchCountsEachMemberOnceAndFiresEachCallbackOnceEvenWhenBookkeepingRepeats(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        Batch batch = capstan.batches().enqueue(BatchOptions.described("b").callbackQueue("callbacks")
                .onComplete("done", Map.of("k", "v")).onSuccess("ok", Map.of()), List.of(
                        JobRequest.of("t", new Args(1)), JobRequest.of("t", new Args(2))));
        LifecycleSettler settler = capstan.jobs().settler();
        LifecycleKeys keys = new LifecycleKeys(capstan.namespace());
        FetchedJob first = fetch(capstan, "default");
        settler.succeeded(first, null, null, null);
        assertEquals(1, batch.status().succeeded());
        assertEquals(1, batch.status().pending());

        // The second job's outbox entry is carried out twice (its worker and the sweeper).
        FetchedJob second = fetch(capstan, "default");
        String entry = "{\"o\":\"succeeded\",\"at\":1,\"b\":\"" + batch.id() + "\",\"p\":\"\",\"f\":\"\",\"r\":\"\",\"e\":\"\"}";
        capstan.redis().hset(keys.outbox("default"), second.job().id(), entry);
        settler.succeeded(second, null, null, null);
        new LifecycleSweeper(new LifecycleBroker(capstan.redis(), capstan.broker()), relay(capstan), callbacks(capstan),
                Duration.ZERO).sweepOnce();
        assertEquals(2, batch.status().succeeded());
        assertTrue(batch.status().isSuccess());
        assertEquals(2, capstan.admin().queue("callbacks").size(), "one success and one complete callback");
        capstan.batches().get(batch.id()).seal(); // sealing again fires nothing
        new LifecycleSweeper(new LifecycleBroker(capstan.redis(), capstan.broker()), relay(capstan), callbacks(capstan),
                Duration.ZERO).sweepOnce();
        assertEquals(2, capstan.admin().queue("callbacks").size());
        assertEquals(0, capstan.redis().hlen(keys.outbox("default")));
        assertEquals(0, capstan.redis().zcard(keys.activeBatches()), "done with: no longer swept");
        String callbackId = batch.id() + "-complete@callbacks";
        assertEquals(State.WAITING, capstan.jobs().status(callbackId).orElseThrow().state());
    }

    @Test
    void aFlowParentIsReleasedOnceByItsLastChildAndARepeatedReportChangesNothing(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        FlowResult flow = capstan.flows().enqueue(Flow.of(JobRequest.of("p", new Args(0)).queue("reports"))
                .child(JobRequest.of("c", new Args(1)).queue("sources"))
                .child(JobRequest.of("c", new Args(2)).queue("sources")));
        LifecycleSettler settler = capstan.jobs().settler();
        FetchedJob a = fetch(capstan, "sources");
        settler.succeeded(a, "10", null, null);
        LifecycleBroker broker = new LifecycleBroker(capstan.redis(), capstan.broker());
        assertEquals("duplicate", broker.childDone(flow.job().jobId(), a.job().id(), "succeeded", "10", null, "FAIL_PARENT"));
        assertEquals(1, flow.job().status().orElseThrow().pendingChildren());
        assertEquals(0, capstan.admin().queue("reports").size());

        FetchedJob b = fetch(capstan, "sources");
        settler.succeeded(b, "20", null, null);
        assertEquals(State.WAITING, flow.job().status().orElseThrow().state());
        assertEquals(1, capstan.admin().queue("reports").size(), "released to its queue");
        FetchedJob parent = fetch(capstan, "reports");
        LifecycleSettler.Start start = settler.start(parent);
        assertEquals(Map.of(a.job().id(), "10", b.job().id(), "20"), start.childResults());
    }

    @Test
    void aCancelledWaitingChildFailsItsParentThroughTheOutbox(RedisTestContext ctx) {
        CapstanRedis capstan = capstan(ctx);
        FlowResult flow = capstan.flows().enqueue(Flow.of(JobRequest.of("p", new Args(0)).queue("reports"))
                .child(JobRequest.of("c", new Args(1)).queue("sources")));
        assertEquals(CancelResult.CANCELLED, flow.children().get(0).job().cancel());
        assertEquals(State.DEAD, flow.job().status().orElseThrow().state());
        assertEquals(1, capstan.admin().queue("reports").dead());
        assertEquals(CancelResult.ALREADY_FINISHED, flow.job().cancel());
    }

    private static OutboxRelay relay(CapstanRedis capstan) {
        return new OutboxRelay(new LifecycleBroker(capstan.redis(), capstan.broker()), callbacks(capstan));
    }

    private static BatchCallbacks callbacks(CapstanRedis capstan) {
        LifecycleBroker broker = new LifecycleBroker(capstan.redis(), capstan.broker());
        BatchCallbacks callbacks = new BatchCallbacks(broker);
        callbacks.enqueueWith(new LifecycleEnqueue(broker, capstan.codec(), capstan.jobs()));
        return callbacks;
    }
}
