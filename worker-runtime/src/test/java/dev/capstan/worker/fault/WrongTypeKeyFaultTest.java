package dev.capstan.worker.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testsupport.JvmProcess;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fault suite, item 3: the queue's dead set is a string (something else wrote the key). Jobs that run
 * out of attempts cannot be moved there: they must stay where they were (in the worker's processing
 * list, shown in flight), and the error must name the key, logged once. Before, dead.lua removed the job
 * from the processing list, then its ZADD failed: the job vanished.
 */
@Tag("fault")
class WrongTypeKeyFaultTest {

    @Test
    void jobsThatCannotReachAWrongTypeDeadSetStayInFlightAndTheErrorIsLoggedOnce() {
        try (FaultRig rig = new FaultRig()) {
            String deadKey = rig.capstan.broker().keys("default").dead();
            rig.redis.set(deadKey, "not a sorted set");
            JvmProcess worker = rig.worker("concurrency=2", "leaseMs=none");
            rig.enqueue("fail", 1);
            rig.enqueue("fail", 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.count("starts", 1) == 1 && rig.count("starts", 2) == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.output().contains("WRONGTYPE key " + deadKey));
            // Both jobs stay in flight, held by their worker; none runs again, none is lost.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> rig.inFlight().size() == 2
                    && rig.count("starts", 1) == 1 && rig.count("starts", 2) == 1);
            long errorLines = worker.outputLines().stream().filter(l -> l.contains("WRONGTYPE key " + deadKey)).count();
            assertEquals(1, errorLines, "the error is logged once:" + rig.outputs());
            assertTrue(rig.inFlight().stream().allMatch(v -> v.at() > 0), "the admin API shows how long they are held");
            assertEquals("not a sorted set", rig.redis.get(deadKey), "the foreign key is left as it was");
        }
    }
}
