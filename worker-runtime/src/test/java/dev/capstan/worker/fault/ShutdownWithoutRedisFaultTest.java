package dev.capstan.worker.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testsupport.JvmProcess;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fault suite (issue 9, defect 4): SIGTERM to a worker whose Redis is really gone, while its jobs finish
 * and cannot be acknowledged. The worker gives up writing to Redis Worker.SHUTDOWN_WRITE_TIMEOUT (5 s)
 * after its shutdown began and exits; the reaper returns the jobs it could not settle once Redis is back
 * and the worker's heartbeat has expired. Before, shutdown kept retrying the acknowledgements (the
 * demo's Ctrl-C printed errors for 48 s). With Redis back, nothing is lost.
 */
@Tag("fault")
class ShutdownWithoutRedisFaultTest {

    @Test
    void shutdownGivesUpOnAnUnreachableRedisWithinItsWriteTimeout() {
        try (FaultRig rig = new FaultRig("--appendonly", "yes", "--appendfsync", "always")) {
            JvmProcess worker = rig.worker("concurrency=2", "workMs=1500", "shutdownMs=10000", "heartbeatMs=250",
                    "ttlMs=1500", "leaseMs=none", "sigterm=true");
            for (int n = 0; n < 4; n++) {
                rig.enqueue("silent", n);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.record("starts").size() == 2); // handlers running
            rig.server.kill();
            long start = System.nanoTime();
            int exit = worker.terminate(40);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(exit >= 0, "the worker exited within 40 s" + rig.outputs());
            // The jobs finish within 1.5 s; their acknowledgements give up 5 s after the shutdown began.
            assertTrue(tookMs < 10_000, "shutdown without Redis took " + tookMs + " ms" + rig.outputs());
            assertTrue(worker.output().contains("could not reach Redis within 5000 ms"), rig.outputs());

            rig.server.restart(); // AOF always: everything written before the crash is back
            rig.worker("concurrency=4", "workMs=0", "heartbeatMs=250", "ttlMs=1500", "reaperMs=250", "leaseMs=none");
            // The two finished but unacknowledged jobs are returned by the reaper and run again, the others run.
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions() // the test's own connection died with Redis
                    .until(rig::drained);
            assertTrue(rig.capstan.admin().queue("default").dead() == 0);
            System.out.printf("SIGTERM with Redis gone: exited after %d ms; all 4 jobs ran once Redis was back%n", tookMs);
        }
    }
}
