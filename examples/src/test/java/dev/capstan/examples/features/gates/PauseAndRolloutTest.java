package dev.capstan.examples.features.gates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.examples.TestCapstan;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class PauseAndRolloutTest {

    @Test
    void aPausedQueueWaitsAndTheRolloutSendsItsShareToTheNewVersion(RedisTestContext ctx) throws Exception {
        PauseAndRollout.Result r = PauseAndRollout.run(TestCapstan.of(ctx), 200);
        assertEquals(200, r.waitingWhilePaused(), "nothing ran while the queue was paused");
        assertArrayEquals(new int[] {200, 0}, new int[] {r.v1Runs()[0], r.v2Runs()[0]}, "0%: all on v1");
        assertEquals(200, r.v1Runs()[1] + r.v2Runs()[1]);
        assertTrue(r.v2Runs()[1] >= 60 && r.v2Runs()[1] <= 140, "50%: about half on v2, was " + r.v2Runs()[1]);
        assertArrayEquals(new int[] {0, 200}, new int[] {r.v1Runs()[2], r.v2Runs()[2]}, "100%: all on v2");
    }
}
