package dev.capstan.worker.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testsupport.FaultProxy;
import dev.capstan.testsupport.JvmProcess;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fault suite, item 1: a fetch is applied by Redis while its reply is lost. An idle worker reaches
 * Redis through a proxy; the proxy holds the replies back (requests still pass) while one job is
 * enqueued, so Redis moves it into the worker's processing list and the worker never hears of it. The
 * worker stays alive and heartbeating, so the reaper never touches its list: before the reconciler,
 * the job sat "in flight" until the worker stopped, while later jobs ran. Then the connections drop
 * (the held reply is lost for good) and the network works again.
 */
@Tag("fault")
class LostFetchReplyFaultTest {

    @Test
    void aJobWhoseFetchReplyWasLostRunsWithinSecondsOnTheLiveWorker() {
        try (FaultRig rig = new FaultRig(); FaultProxy proxy = FaultProxy.to(rig.server.host(), rig.server.port())) {
            // Short client timeouts so that the stalled calls give up in a second or two (as a real client
            // gives up after its socket timeout); the heartbeat TTL outlives the stall.
            JvmProcess worker = rig.worker("url=" + proxy.url(), "recordUrl=" + rig.server.url(), "concurrency=2",
                    "heartbeatMs=500", "ttlMs=20000", "socketMs=1000", "blockingMs=2500", "leaseMs=none");
            rig.enqueue("work", 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.count("effects", 0) == 1);

            proxy.stallReplies();
            rig.enqueue("work", 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.inFlight().size() == 1); // Redis moved it
            // The connections drop with the reply that carried job 1 still held: it is lost for good.
            proxy.dropConnections();
            proxy.resume();
            long resumed = System.nanoTime();

            rig.enqueue("work", 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.count("effects", 2) == 1);
            await().atMost(Duration.ofSeconds(15))
                    .failFast("the worker died", () -> !worker.isAlive())
                    .until(() -> rig.count("effects", 1) == 1);
            long tookMs = (System.nanoTime() - resumed) / 1_000_000;
            await().atMost(Duration.ofSeconds(10)).until(rig::drained);
            assertEquals(1, rig.count("starts", 1), "the stranded job ran once");
            assertTrue(worker.output().contains("never received"), "the worker says what it did:" + rig.outputs());
            System.out.printf("lost fetch reply: the stranded job ran %d ms after the network came back%n", tookMs);
        }
    }
}
