package dev.capstan.examples.features.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.examples.TestCapstan;
import dev.capstan.redis.livestatus.LiveStatusEvent;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class LiveProgressTest {

    @Test
    void aWatcherSeesEveryStepOfTheJobThenItsEnd(RedisTestContext ctx) throws Exception {
        List<LiveStatusEvent> events = LiveProgress.run(TestCapstan.of(ctx), 5);
        assertEquals(6, events.size(), events.toString());
        for (int step = 1; step <= 5; step++) {
            LiveStatusEvent e = events.get(step - 1);
            assertEquals(LiveStatusEvent.Kind.ANNOUNCED, e.kind());
            assertTrue(e.status().startsWith(20 * step + "% chunk " + step + " of 5"), e.status());
        }
        assertEquals(LiveStatusEvent.Kind.CLEARED, events.get(5).kind(), "the status goes when the job ends");
    }
}
