package dev.capstan.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobRequest;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.JvmProcess;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import dev.capstan.worker.TestHandlers.Args;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Worker processes started by the test: crashes and signals are real. */
@ExtendWith(RedisExtension.class)
class MultiProcessWorkerTest {

    private static Set<String> enqueue(CapstanRedis capstan, int n) {
        Set<String> ids = new HashSet<>();
        List<JobRequest> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(JobRequest.of("effect", new Args(i)));
            if (batch.size() == 1000 || i == n - 1) {
                capstan.client().enqueueAll(batch).forEach(r -> ids.add(r.jobId()));
                batch.clear();
            }
        }
        return ids;
    }

    @Test
    void tenThousandJobsAcrossThreeWorkersOneKilledAllComplete(RedisTestContext ctx) {
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        Set<String> ids = enqueue(capstan, 10_000);
        String effects = capstan.namespace().plain("effects");
        List<JvmProcess> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(ctx.closeAfter(JvmProcess.start(WorkerMain.class, ctx.url(), ctx.namespace(), "8", "1", "5000")));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> capstan.redis().hlen(effects) >= 2_000);
        JvmProcess victim = workers.get(0);
        assertTrue(victim.isAlive(), victim.output());
        victim.kill();
        long doneAtKill = capstan.redis().hlen(effects);
        assertTrue(doneAtKill < 10_000, "killed mid-run");

        await().atMost(Duration.ofSeconds(120)).until(() -> capstan.redis().hlen(effects) == 10_000
                && capstan.admin().queue("default").inFlight() == 0);
        Map<String, String> counts = capstan.redis().hgetAll(effects);
        assertEquals(ids, counts.keySet(), "every job completed");
        long repeated = counts.values().stream().filter(c -> !c.equals("1")).count();
        assertTrue(repeated <= 8 + 100, "only jobs the killed worker held may repeat (at-least-once), got " + repeated);
        assertEquals(0, capstan.admin().queue("default").size());
        assertEquals(0, capstan.admin().dead("default", 0, 1).total());
    }

    @Test
    void sigtermDrainsWithinTheTimeoutAndPushesBackWhatDidNotFinish(RedisTestContext ctx) {
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        Set<String> ids = enqueue(capstan, 40);
        String effects = capstan.namespace().plain("effects");
        // Jobs take 3 s; the shutdown timeout is 1 s: the running ones cannot finish in time.
        JvmProcess worker = ctx.closeAfter(JvmProcess.start(WorkerMain.class, ctx.url(), ctx.namespace(), "4", "3000", "1000"));
        await().atMost(Duration.ofSeconds(30)).until(() -> capstan.admin().queue("default").inFlight() == 4);
        long start = System.nanoTime();
        int exit = worker.terminate(15);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(exit >= 0, "worker exited on SIGTERM: " + worker.output());
        assertTrue(tookMs < 8_000, "drained within the timeout plus clean-up, took " + tookMs + " ms");
        assertEquals(0, capstan.admin().queue("default").inFlight(), "nothing left in flight");
        // An interrupted job may have done its side effect before it noticed the interrupt, and is
        // still pushed back (at-least-once): so check that every job is done or queued, none lost.
        Set<String> doneOrQueued = new HashSet<>(capstan.redis().hkeys(effects));
        capstan.admin().waiting("default", 0, 100).items().forEach(v -> doneOrQueued.add(v.job().id()));
        assertEquals(ids, doneOrQueued, "every job is either done or back in the queue");
        assertTrue(capstan.admin().queue("default").size() >= 36, "the 4 running jobs and the 36 waiting ones are queued");
        assertTrue(capstan.workers().online().isEmpty(), "the worker left the presence group");
    }
}
