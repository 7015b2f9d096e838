package dev.capstan.worker.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JobView;
import dev.capstan.testsupport.JvmProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fault suite, item 2: SIGKILL during load with keyed and unkeyed jobs. The killed worker held keyed
 * jobs, so it held their idempotency-key locks. Every job must run, each keyed job must complete once,
 * and no recovered job may wait on the dead holder's lock: before, that lock's lease was the job timeout
 * plus 30 s (30.5 minutes by default), and the recovered jobs were put aside every second until then.
 */
@Tag("fault")
class KillDuringLoadFaultTest {
    private static final int JOBS = 80;

    @Test
    void everyJobRunsAndNoKeyedJobWaitsOnTheKilledWorkersLock() {
        try (FaultRig rig = new FaultRig()) {
            for (int n = 0; n < JOBS; n++) {
                if (n % 2 == 0) {
                    rig.enqueueKeyed("work", n, "key-" + n);
                } else {
                    rig.enqueue("work", n);
                }
            }
            String[] args = {"concurrency=4", "workMs=400", "heartbeatMs=250", "ttlMs=1500", "reaperMs=250", "leaseMs=none"};
            JvmProcess victim = rig.worker(args);
            await().atMost(Duration.ofSeconds(30)).until(() -> FaultRig.workerId(victim) != null);
            String victimId = FaultRig.workerId(victim);
            // Kill it while it runs keyed jobs (so it holds their locks), mid-load.
            await().atMost(Duration.ofSeconds(30)).until(() -> heldKeyed(rig.inFlight(), victimId) >= 2);
            long keyedHeld = heldKeyed(rig.inFlight(), victimId);
            victim.kill();
            long killed = System.nanoTime();
            rig.worker(args);

            await().atMost(Duration.ofSeconds(40)).until(() -> rig.record("effects").size() == JOBS && rig.drained());
            long tookMs = (System.nanoTime() - killed) / 1_000_000;
            for (int n = 0; n < JOBS; n++) {
                assertTrue(rig.count("effects", n) >= 1, "job " + n + " ran" + rig.outputs());
            }
            long keyedTwice = 0;
            for (int n = 0; n < JOBS; n += 2) {
                assertTrue(rig.capstan.broker().completedBy("default", "key-" + n) != null, "key-" + n + " completed");
                keyedTwice += rig.count("effects", n) > 1 ? 1 : 0;
            }
            // A keyed job takes effect twice only if the kill fell between its effect and its acknowledgement.
            assertTrue(keyedTwice <= keyedHeld, keyedTwice + " keyed jobs took effect twice; the victim held " + keyedHeld);
            assertEquals(0, rig.capstan.admin().queue("default").dead());
            assertTrue(rig.redis.keys(rig.ns.prefix() + ":{default}:keylock:*").isEmpty(), "no key lock is left behind");
            System.out.printf("kill -9 with %d keyed jobs held: all %d jobs done %d ms after the kill%n", keyedHeld, JOBS, tookMs);
        }
    }

    private static long heldKeyed(List<JobView> inFlight, String workerId) {
        return inFlight.stream().filter(v -> workerId.equals(v.workerId()) && v.job().idempotencyKey() != null).count();
    }
}
