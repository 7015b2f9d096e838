package dev.capstan.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JobRequest;
import dev.capstan.api.JobState;
import dev.capstan.api.JobView;
import dev.capstan.api.Page;
import dev.capstan.api.QueueInfo;
import dev.capstan.api.RetryPolicy;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class QueueAdminTest {

    @Test
    void aJobIsCountedOnceWhileWorkersMoveJobsBetweenTheCountedLists(RedisTestContext ctx) throws Exception {
        QueueFixture q = new QueueFixture(ctx);
        int jobs = 3_000;
        List<JobRequest> requests = new java.util.ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            requests.add(JobRequest.of("t", Map.of("i", i)).queue("busy"));
        }
        q.client.enqueueAll(requests);
        // A worker takes the jobs one by one (pending -> its processing list) while the admin counts:
        // read one list after the other, a job moving between them would be counted twice or not at all.
        Thread mover = Thread.ofPlatform().start(() -> {
            ReliableFetcher fetcher = q.fetcher("busy", "w1");
            while (!fetcher.fetch(1, Duration.ZERO).isEmpty()) {
                Thread.onSpinWait();
            }
        });
        List<Long> wrong = new java.util.ArrayList<>();
        int looks = 0;
        while (mover.isAlive() || looks == 0) {
            QueueInfo info = q.admin.queue("busy");
            if (info.size() + info.inFlight() != jobs) {
                wrong.add(info.size() + info.inFlight());
            }
            looks++;
        }
        mover.join();
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())), "waiting + in flight is every job at every look ("
                + wrong.size() + " of " + looks + " looks were off)");
        assertEquals(jobs, q.admin.queue("busy").inFlight());
    }

    @Test
    void queueSummaryShowsSizeLatencyInFlightScheduledAndDead(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        for (int i = 0; i < 4; i++) {
            q.client.enqueue(JobRequest.of("t", Map.of("i", i)).queue("reports"));
        }
        q.client.enqueue(JobRequest.of("later", Map.of()).queue("reports").runAt(Instant.now().plusSeconds(3600)));
        q.fetcher("reports", "w1").fetch(1, Duration.ZERO);
        FetchedJob doomed = q.fetcher("reports", "w2").fetch(1, Duration.ZERO).get(0);
        q.settler.dead(doomed, dev.capstan.api.JobError.reason("Test", "gone", 1));
        long enqueuedAt = q.admin.waiting("reports", 0, 1).items().get(0).job().enqueuedAt();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> System.currentTimeMillis() - enqueuedAt >= 50);
        QueueInfo info = q.admin.queue("reports");
        assertEquals(2, info.size());
        assertEquals(1, info.inFlight());
        assertEquals(1, info.scheduled());
        assertEquals(1, info.dead());
        assertTrue(info.latencyMillis() >= 50, "latency is the age of the oldest waiting job: " + info.latencyMillis());
        assertEquals(List.of("reports"), q.admin.queues().stream().map(QueueInfo::name).toList());
    }

    @Test
    void pagesThroughWaitingJobsOldestFirst(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        List<String> ids = q.client.enqueueAll(java.util.stream.IntStream.range(0, 25)
                .mapToObj(i -> JobRequest.of("t", Map.of("i", i))).toList())
                .stream().map(r -> r.jobId()).toList();
        Page<JobView> first = q.admin.waiting("default", 0, 10);
        Page<JobView> third = q.admin.waiting("default", 20, 10);
        assertEquals(25, first.total());
        assertEquals(ids.subList(0, 10), first.items().stream().map(v -> v.job().id()).toList());
        assertEquals(ids.subList(20, 25), third.items().stream().map(v -> v.job().id()).toList());
        assertTrue(first.items().stream().allMatch(v -> v.state() == JobState.WAITING));
    }

    @Test
    void findsJobsInEveryStateAndDeletesThem(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        String waiting = q.client.enqueue("a", Map.of()).jobId();
        String scheduled = q.client.enqueue(JobRequest.of("b", Map.of()).runIn(Duration.ofHours(1))).jobId();
        String inFlight = q.client.enqueue("c", Map.of()).jobId();
        // fetch takes the oldest first: take two, give the first back
        List<FetchedJob> two = q.fetcher("default", "w1").fetch(2, Duration.ZERO);
        q.settler.requeue(List.of(two.get(0)));

        assertEquals(JobState.WAITING, q.admin.find(waiting).orElseThrow().state());
        assertEquals(JobState.SCHEDULED, q.admin.find(scheduled).orElseThrow().state());
        JobView running = q.admin.find(inFlight).orElseThrow();
        assertEquals(JobState.IN_FLIGHT, running.state());
        assertEquals("w1", running.workerId());
        assertTrue(q.admin.find("no-such-job").isEmpty());

        assertTrue(q.admin.delete(waiting));
        assertTrue(q.admin.delete(scheduled));
        assertFalse(q.admin.delete(inFlight), "a running job is not deleted under its worker");
        assertTrue(q.admin.find(waiting).isEmpty());
        assertTrue(q.admin.find(scheduled).isEmpty());
        assertEquals(1, q.admin.inFlight("default", 0, 10).total());
    }

    @Test
    void retriesDeadJobsOneOrAll(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        for (int i = 0; i < 3; i++) {
            q.client.enqueue(JobRequest.of("doomed", Map.of("i", i)).maxAttempts(1));
        }
        for (FetchedJob job : q.fetcher("default", "w1").fetch(3, Duration.ZERO)) {
            q.settler.fail(job, new RuntimeException("no"), RetryPolicy.exponentialWithJitter());
        }
        String one = q.admin.dead("default", 0, 10).items().get(0).job().id();
        assertTrue(q.admin.retryDead("default", one));
        assertFalse(q.admin.retryDead("default", one), "already retried");
        JobView revived = q.admin.find(one).orElseThrow();
        assertEquals(JobState.WAITING, revived.state());
        assertEquals(0, revived.job().attempt(), "attempts start over");

        assertEquals(2, q.admin.retryAllDead("default"));
        assertEquals(0, q.admin.dead("default", 0, 10).total());
        assertEquals(3, q.admin.queue("default").size());
    }

    @Test
    void purgeDeletesWaitingJobsOnly(RedisTestContext ctx) {
        QueueFixture q = new QueueFixture(ctx);
        for (int i = 0; i < 5; i++) {
            q.client.enqueue("t", Map.of());
        }
        q.fetcher("default", "w1").fetch(1, Duration.ZERO);
        assertEquals(4, q.admin.purge("default"));
        assertEquals(0, q.admin.queue("default").size());
        assertEquals(1, q.admin.queue("default").inFlight());
    }
}
