package dev.capstan.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JobRequest;
import dev.capstan.testsupport.JvmProcess;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A consumer in another JVM is killed with SIGKILL in the middle of its jobs; none is lost. */
@ExtendWith(RedisExtension.class)
class CrashRecoveryTest {
    private static final int JOBS = 3000;

    @Test
    void reaperReturnsEveryJobOfAKilledConsumer(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        List<JobRequest> requests = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            requests.add(JobRequest.of("work", Map.of("i", i)).queue("crash"));
        }
        Set<String> ids = new HashSet<>();
        q.client.enqueueAll(requests).forEach(r -> ids.add(r.jobId()));
        String doneKey = q.settings.namespace().plain("done");

        JvmProcess consumer = ctx.closeAfter(JvmProcess.start(HoldingConsumerMain.class,
                ctx.url(), ctx.namespace(), "crash", "doomed-worker"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> q.redis.scard(doneKey) >= 200 || !consumer.isAlive());
        assertTrue(consumer.isAlive(), "consumer should be running: " + consumer.output());
        consumer.kill();

        long inFlight = q.redis.llen(q.keys("crash").processing("doomed-worker"));
        assertTrue(inFlight > 0, "the consumer died holding jobs in its processing list");
        long done = q.redis.scard(doneKey);
        assertTrue(done < JOBS, "killed in the middle of the work");

        ProcessingListReaper reaper = new ProcessingListReaper(q.broker, q.codec, q.workers::isOnline);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reaper.reapOnce() > 0);
        assertEquals(0, q.redis.llen(q.keys("crash").processing("doomed-worker")));

        // Drain what is left here; every job must be done at least once.
        ReliableFetcher fetcher = q.fetcher("crash", "survivor");
        List<FetchedJob> batch;
        int recovered = 0;
        while (!(batch = fetcher.fetch(200, Duration.ZERO)).isEmpty()) {
            for (FetchedJob job : batch) {
                recovered += job.job().recoveries();
                q.redis.sadd(doneKey, job.job().id());
            }
            q.settler.ack(batch);
        }
        assertEquals(inFlight, recovered, "each job the dead consumer held came back counted as one recovery");
        assertEquals(ids, q.redis.smembers(doneKey), "no job was lost");
        assertEquals(0, q.admin.dead("crash", 0, 1).total());
    }
}
