package dev.capstan.worker.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobRequest;
import dev.capstan.api.StoreUnavailableException;
import dev.capstan.testsupport.FaultProxy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fault suite: Redis killed (SIGKILL) and restarted twice under load, with AOF {@code appendfsync always}
 * (an acknowledged write is on disk). A producer enqueues jobs with their own ids and retries every
 * failed enqueue with the same request ("not stored" and "outcome unknown" are both safe to retry then).
 * The workers reach Redis through a proxy, and each crash cuts replies off the way a crash does: Redis
 * has applied (and written to its AOF) the fetches that moved a burst of jobs into the workers' lists,
 * and the replies never arrive. Every job whose enqueue was acknowledged must run, including those:
 * before the reconciler they stayed in the live workers' lists until the workers stopped.
 */
@Tag("fault")
class RedisRestartFaultTest {

    @Test
    void everyAcknowledgedJobRunsAcrossRedisCrashes() throws Exception {
        try (FaultRig rig = new FaultRig("--appendonly", "yes", "--appendfsync", "always");
             FaultProxy proxy = FaultProxy.to(rig.server.host(), rig.server.port())) {
            String[] args = {"url=" + proxy.url(), "recordUrl=" + rig.server.url(), "concurrency=4", "workMs=20",
                    "heartbeatMs=250", "ttlMs=5000", "leaseMs=none", "socketMs=2000", "blockingMs=3000"};
            rig.worker(args);
            rig.worker(args);
            Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger retries = new AtomicInteger();
            AtomicInteger unknown = new AtomicInteger();
            AtomicInteger next = new AtomicInteger();
            AtomicBoolean producing = new AtomicBoolean(true);
            AtomicBoolean hold = new AtomicBoolean();
            Thread producer = Thread.ofPlatform().start(() -> {
                while (producing.get()) {
                    if (hold.get()) {
                        LockSupport.parkNanos(5_000_000);
                        continue;
                    }
                    enqueueUntilStored(rig, next.getAndIncrement(), acknowledged, retries, unknown);
                }
            });
            for (int crash = 0; crash < 2; crash++) {
                int before = acknowledged.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= before + 150);
                hold.set(true);
                // The crash: replies stop reaching the workers, whose idle fetchers are already waiting on
                // Redis; a burst of jobs is fetched (applied, on disk) with the replies held; then Redis dies
                // and the connections with it.
                await().atMost(Duration.ofSeconds(30)).until(rig::idle);
                proxy.stallReplies();
                Set<String> burst = new HashSet<>();
                for (int i = 0; i < 10; i++) {
                    int n = next.getAndIncrement();
                    enqueueUntilStored(rig, n, acknowledged, retries, unknown);
                    burst.add("job-" + n);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> rig.inFlight().stream()
                        .anyMatch(v -> burst.contains(v.job().id())));
                rig.server.kill();
                proxy.dropConnections();
                rig.server.restart();
                proxy.resume();
                hold.set(false);
            }
            int last = acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= last + 100);
            producing.set(false);
            producer.join(30_000);

            await().atMost(Duration.ofSeconds(45)).until(() -> rig.record("effects").keySet().containsAll(acknowledged)
                    && rig.drained());
            for (int n : acknowledged) {
                assertTrue(rig.count("effects", n) >= 1, "acknowledged job " + n + " ran" + rig.outputs());
            }
            System.out.printf("2 Redis crashes (AOF always): %d acknowledged jobs all ran; %d enqueue retries (%d with an "
                    + "unknown outcome)%n", acknowledged.size(), retries.get(), unknown.get());
        }
    }

    /** Enqueues job n with its own id, retrying (safely: same id) until Redis answers. */
    private static void enqueueUntilStored(FaultRig rig, int n, Set<Integer> acknowledged, AtomicInteger retries,
                                           AtomicInteger unknown) {
        JobRequest request = JobRequest.of("work", new FaultWorkerMain.Num(n)).jobId("job-" + n);
        while (true) {
            try {
                EnqueueResult r = rig.capstan.client().enqueue(request);
                if (r.accepted() || r.outcome() == EnqueueResult.Outcome.DUPLICATE) {
                    acknowledged.add(n);
                }
                return;
            } catch (StoreUnavailableException e) {
                retries.incrementAndGet();
                if (e.outcomeUnknown()) {
                    unknown.incrementAndGet();
                }
                LockSupport.parkNanos(50_000_000); // the producer's own backoff
            }
        }
    }
}
