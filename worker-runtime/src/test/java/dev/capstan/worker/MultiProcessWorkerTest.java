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

    /** Enqueues n plain jobs with arguments 0..n-1; returns the job ids. */
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

    private static JvmProcess leaderOf(CapstanRedis capstan, List<JvmProcess> processes) {
        for (String worker : capstan.workers().online()) {
            Map<String, String> info = capstan.workers().info(worker);
            if ("true".equals(info.get("leader"))) {
                long pid = Long.parseLong(info.get("pid"));
                return processes.stream().filter(p -> p.pid() == pid).findFirst().orElse(null);
            }
        }
        return null;
    }

    private static long leaders(CapstanRedis capstan) {
        return capstan.workers().online().stream().filter(w -> "true".equals(capstan.workers().info(w).get("leader"))).count();
    }

    /**
     * 10,000 jobs over 3 worker processes; the leader (which runs the reaper) is killed with SIGKILL
     * mid-run. Another process takes over the lead within its lease, reaps the dead one's jobs, and
     * every job completes. 2,000 of the jobs are 1,000 idempotency keys enqueued twice each: each
     * key completes once.
     */
    @Test
    void tenThousandJobsAcrossThreeWorkersLeaderKilledAllComplete(RedisTestContext ctx) {
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        enqueue(capstan, 8_000);
        List<JobRequest> keyed = new ArrayList<>();
        for (int n = 8_000; n < 9_000; n++) {
            keyed.add(JobRequest.of("effect", new Args(n)).idempotencyKey("k" + n));
            keyed.add(JobRequest.of("effect", new Args(n)).idempotencyKey("k" + n));
        }
        capstan.client().enqueueAll(keyed);
        assertEquals(10_000, capstan.admin().queue("default").size());
        String effects = capstan.namespace().plain("effects");
        List<JvmProcess> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(ctx.closeAfter(JvmProcess.start(WorkerMain.class, ctx.url(), ctx.namespace(), "8", "1", "5000", "3000")));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> capstan.redis().hlen(effects) >= 1_500 && leaders(capstan) == 1);
        JvmProcess leader = leaderOf(capstan, workers);
        assertTrue(leader != null && leader.isAlive(), "one of our processes leads");
        leader.kill();
        long killedAt = System.nanoTime();
        assertTrue(capstan.redis().hlen(effects) < 9_000, "killed mid-run");

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JvmProcess next = leaderOf(capstan, workers);
            return next != null && next != leader;
        });
        long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
        assertTrue(takeoverMs < 3_000 + 4_000, "a new leader within the 3 s lease (plus heartbeat delay): " + takeoverMs + " ms");

        await().atMost(Duration.ofSeconds(120)).until(() -> capstan.redis().hlen(effects) == 9_000
                && capstan.admin().queue("default").inFlight() == 0 && capstan.admin().queue("default").size() == 0
                && capstan.admin().scheduled("default", 0, 1).total() == 0);
        Map<String, String> counts = capstan.redis().hgetAll(effects);
        for (int n = 0; n < 9_000; n++) {
            assertTrue(counts.containsKey(Integer.toString(n)), "job " + n + " completed");
        }
        long keyedRepeats = java.util.stream.IntStream.range(8_000, 9_000)
                .filter(n -> !"1".equals(counts.get(Integer.toString(n)))).count();
        // A key runs again only if its run was cut off by the kill before its completion was recorded:
        // at most the 8 jobs the killed worker was running.
        assertTrue(keyedRepeats <= 8, "idempotent keys took effect more than once: " + keyedRepeats);
        long completedKeys = java.util.stream.IntStream.range(8_000, 9_000)
                .filter(n -> capstan.broker().completedBy("default", "k" + n) != null).count();
        assertEquals(1_000, completedKeys, "every key has its completion record");
        long plainRepeats = counts.entrySet().stream()
                .filter(e -> Integer.parseInt(e.getKey()) < 8_000 && !e.getValue().equals("1")).count();
        assertTrue(plainRepeats <= 8 + 100, "only jobs the killed worker held may repeat (at-least-once): " + plainRepeats);
        assertEquals(0, capstan.admin().dead("default", 0, 1).total());
    }

    @Test
    void sigtermDrainsWithinTheTimeoutAndPushesBackWhatDidNotFinish(RedisTestContext ctx) {
        CapstanRedis capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())),
                new JacksonJobCodec());
        enqueue(capstan, 40);
        String effects = capstan.namespace().plain("effects");
        // Jobs take 3 s; the shutdown timeout is 1 s: the running ones cannot finish in time.
        JvmProcess worker = ctx.closeAfter(JvmProcess.start(WorkerMain.class, ctx.url(), ctx.namespace(), "4", "3000", "1000"));
        // "worker started" is printed after closeOnShutdown() registered the hook: a SIGTERM before it
        // would end the JVM without the drain under test.
        await().atMost(Duration.ofSeconds(30)).until(() -> capstan.admin().queue("default").inFlight() == 4
                && worker.output().contains("worker started"));
        long start = System.nanoTime();
        int exit = worker.terminate(15);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(exit >= 0, "worker exited on SIGTERM: " + worker.output());
        assertTrue(tookMs < 8_000, "drained within the timeout plus clean-up, took " + tookMs + " ms");
        assertEquals(0, capstan.admin().queue("default").inFlight(), "nothing left in flight; worker said: " + worker.output());
        // An interrupted job may have done its side effect before it noticed the interrupt, and is
        // still pushed back (at-least-once): so check that every job is done or queued, none lost.
        Set<String> doneOrQueued = new HashSet<>(capstan.redis().hkeys(effects));
        capstan.admin().waiting("default", 0, 100).items()
                .forEach(v -> doneOrQueued.add(Integer.toString(capstan.codec().decodeArgs(v.job().args(), Args.class).n())));
        Set<String> all = new HashSet<>();
        for (int n = 0; n < 40; n++) {
            all.add(Integer.toString(n));
        }
        assertEquals(all, doneOrQueued, "every job is either done or back in the queue");
        assertTrue(capstan.admin().queue("default").size() >= 36, "the 4 running jobs and the 36 waiting ones are queued");
        assertTrue(capstan.workers().online().isEmpty(), "the worker left the presence group");
    }
}
