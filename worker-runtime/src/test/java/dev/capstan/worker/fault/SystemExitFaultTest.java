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
 * Fault suite, item 7: a handler that calls {@code System.exit}, in a worker that closes on shutdown
 * (as a supervisor restarts it). The push-back during the shutdown the job itself caused counts a
 * recovery, so after {@code maxRecoveries} (3) the job is a poison pill in the dead set instead of
 * crash-looping forever (before, it went back with 0 recoveries each time).
 */
@Tag("fault")
class SystemExitFaultTest {

    @Test
    void aJobThatExitsItsWorkerEndsInTheDeadSetAfterTheRecoveryLimit() {
        try (FaultRig rig = new FaultRig()) {
            rig.enqueue("exit", 7);
            int runs = 0;
            while (runs < 7 && rig.capstan.admin().queue("default").dead() == 0) {
                JvmProcess worker = rig.worker("concurrency=1", "shutdownMs=2000", "heartbeatMs=250", "ttlMs=1500",
                        "leaseMs=none", "sigterm=true");
                runs++;
                assertEquals(3, worker.waitFor(60), "the handler's System.exit(3) ended the worker:" + rig.outputs());
            }
            List<JobView> dead = rig.capstan.admin().dead("default", 0, 10).items();
            assertEquals(1, dead.size(), "the job is in the dead set after " + runs + " runs" + rig.outputs());
            assertEquals("PoisonPill", dead.get(0).job().lastError().className());
            assertEquals(4, runs, "3 recoveries allowed, the 4th exit makes it a poison pill");
            assertEquals(4, rig.count("starts", 7));
            await().atMost(Duration.ofSeconds(5)).until(rig::drained);
            assertTrue(rig.outputs().contains("called System.exit"), rig.outputs());
        }
    }
}
