package dev.capstan.worker.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testsupport.JvmProcess;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fault suite, item 4: {@code Worker.close()} while a handler ignores interrupts. The JVM lives on
 * after close() (the program called close(), it did not exit), so the handler keeps running. Its job
 * must stay in the worker's processing list, not go back to the queue where another worker would run
 * it at the same time; the reaper returns it once the closed worker's heartbeat has expired. Before,
 * close() pushed it back at once and another worker started it within milliseconds.
 */
@Tag("fault")
class StuckHandlerCloseFaultTest {

    @Test
    void aJobWhoseThreadWouldNotStopIsNotPushedBackByClose() {
        try (FaultRig rig = new FaultRig()) {
            JvmProcess closing = rig.worker("concurrency=1", "shutdownMs=500", "heartbeatMs=250", "ttlMs=3000",
                    "leaseMs=none", "closeOnKey=true", "sigterm=false");
            rig.enqueue("stuck", 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.count("starts", 1) == 1);
            JvmProcess other = rig.worker("concurrency=1", "heartbeatMs=250", "ttlMs=3000", "leaseMs=none");
            await().atMost(Duration.ofSeconds(30)).until(() -> FaultRig.workerId(other) != null);

            rig.redis.set(rig.ns.plain("close", Long.toString(closing.pid())), "1");
            await().atMost(Duration.ofSeconds(20)).until(() -> closing.output().contains("worker closed"));
            long closedAt = System.nanoTime();
            // While the closed worker's heartbeat is still within its TTL, nobody else starts the job.
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> rig.count("starts", 1) == 1
                    && rig.waiting() == 0 && rig.inFlight().size() == 1);
            assertTrue(closing.isAlive(), "the JVM lives on, and so does the stuck handler");
            assertTrue(closing.output().contains("did not stop when interrupted"), "close() says why it kept the job:"
                    + rig.outputs());
            // Once the heartbeat TTL has passed, the reaper returns the job and the other worker runs it.
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.count("starts", 1) == 2);
            long recoveredMs = (System.nanoTime() - closedAt) / 1_000_000;
            assertTrue(recoveredMs >= 2_500, "not before the closed worker's heartbeat expired: " + recoveredMs + " ms");
            rig.redis.set(rig.ns.plain("release"), "1"); // let both copies finish
            await().atMost(Duration.ofSeconds(20)).until(rig::drained);
            assertEquals(0, rig.capstan.admin().queue("default").dead());
            System.out.printf("close() with a stuck handler: the job stayed with its worker, recovered %d ms after close%n",
                    recoveredMs);
        }
    }
}
