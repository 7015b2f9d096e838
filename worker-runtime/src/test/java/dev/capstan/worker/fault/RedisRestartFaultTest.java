package dev.capstan.worker.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobRequest;
import dev.capstan.api.StoreUnavailableException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fault suite: Redis killed (SIGKILL) and restarted twice under load, with AOF {@code appendfsync always}
 * (an acknowledged write is on disk). A producer enqueues jobs with their own ids and retries every
 * failed enqueue with the same request: "not stored" and "outcome unknown" are both safe to retry then.
 * Every job whose enqueue was acknowledged must run, including any whose fetch reply the crash cut off
 * (stranded in a live worker's list before the reconciler).
 */
@Tag("fault")
class RedisRestartFaultTest {

    @Test
    void everyAcknowledgedJobRunsAcrossRedisCrashes() throws Exception {
        try (FaultRig rig = new FaultRig("--appendonly", "yes", "--appendfsync", "always")) {
            String[] args = {"concurrency=4", "workMs=20", "heartbeatMs=250", "ttlMs=3000", "leaseMs=none", "socketMs=2000",
                    "blockingMs=3000"};
            rig.worker(args);
            rig.worker(args);
            Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger retries = new AtomicInteger();
            AtomicInteger unknown = new AtomicInteger();
            AtomicBoolean producing = new AtomicBoolean(true);
            Thread producer = Thread.ofPlatform().start(() -> {
                for (int n = 0; producing.get(); n++) {
                    JobRequest request = JobRequest.of("work", new FaultWorkerMain.Num(n)).jobId("job-" + n);
                    while (true) {
                        try {
                            EnqueueResult r = rig.capstan.client().enqueue(request);
                            if (r.accepted() || r.outcome() == EnqueueResult.Outcome.DUPLICATE) {
                                acknowledged.add(n);
                            }
                            break;
                        } catch (StoreUnavailableException e) {
                            retries.incrementAndGet();
                            if (e.outcomeUnknown()) {
                                unknown.incrementAndGet();
                            }
                            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000); // the producer's own backoff
                        }
                    }
                }
            });
            for (int crash = 0; crash < 2; crash++) {
                int before = acknowledged.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= before + 150);
                rig.server.kill();
                rig.server.restart();
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
}
