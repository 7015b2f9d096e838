package dev.capstan.worker.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testsupport.JvmProcess;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fault suite, item 6: a worker frozen (SIGSTOP) past its heartbeat TTL while it runs a keyed and an
 * unkeyed job. The reaper returns both, and another worker runs them (for the keyed one the reaper
 * frees the key's lock). When the frozen worker resumes (SIGCONT) it finds that its heartbeat lapsed and
 * stops its stale copies (self-fencing): they notice the cancellation, take no effect and are not
 * acknowledged over the recovered copies. Before, the keyed copy kept its 30-minute lock (the recovered
 * copy could not start) and the unkeyed copy ran on and took effect a second time.
 */
@Tag("fault")
class FrozenWorkerFaultTest {

    @Test
    void aWorkerThawedAfterItsJobsWereRecoveredStopsItsCopies() {
        try (FaultRig rig = new FaultRig()) {
            String[] args = {"concurrency=2", "workMs=12000", "heartbeatMs=250", "ttlMs=1500", "reaperMs=250", "leaseMs=none"};
            JvmProcess frozen = rig.worker(args);
            rig.enqueueKeyed("work", 1, "payment-1");
            rig.enqueue("work", 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.count("starts", 1) == 1 && rig.count("starts", 2) == 1);
            String frozenPid = Long.toString(frozen.pid());
            frozen.freeze();

            JvmProcess other = rig.worker(args);
            String otherPid = Long.toString(other.pid());
            // The other worker reaps the frozen one's jobs and runs both: the keyed one is not blocked.
            await().atMost(Duration.ofSeconds(20)).until(() -> otherPid.equals(rig.record("started-by").get(1))
                    && otherPid.equals(rig.record("started-by").get(2)));
            frozen.resume();
            long resumed = System.nanoTime();

            // The thawed copies are fenced off at once: they see the cancellation, well before their work ends.
            await().atMost(Duration.ofSeconds(5)).until(() -> rig.count("cancelled", 1) == 1 && rig.count("cancelled", 2) == 1);
            long fencedMs = (System.nanoTime() - resumed) / 1_000_000;
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.count("effects", 1) == 1 && rig.count("effects", 2) == 1
                    && rig.drained());
            assertEquals(otherPid, rig.record("effect-by").get(1), "the recovered copy completed the keyed job");
            assertEquals(otherPid, rig.record("effect-by").get(2));
            assertTrue(rig.capstan.broker().completedBy("default", "payment-1") != null);
            assertTrue(frozen.isAlive(), "the thawed worker goes on working");
            assertTrue(frozen.output().contains("fenced off") || frozen.output().contains("stopping this copy"),
                    "the thawed worker says it stopped its stale copies:" + rig.outputs());
            // Nothing took effect twice, and the thawed worker is healthy: it runs new jobs.
            rig.enqueue("work", 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.count("effects", 3) == 1);
            assertEquals(1, rig.count("effects", 1));
            assertEquals(1, rig.count("effects", 2));
            System.out.printf("SIGSTOP past the TTL: stale copies fenced off %d ms after SIGCONT (frozen pid %s)%n",
                    fencedMs, frozenPid);
        }
    }
}
