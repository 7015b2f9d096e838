package dev.capstan.examples.features.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.examples.TestCapstan;
import dev.capstan.examples.features.lock.LockedCronTask.Run;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class LockedCronTaskTest {

    @Test
    void threeInstancesRunTheTaskOncePerTickWithIncreasingFencingTokens(RedisTestContext ctx) throws Exception {
        List<Run> firings = LockedCronTask.run(TestCapstan.of(ctx), 3);
        // Timers fire at whole seconds plus 0, 100 or 200 ms: the second a firing belongs to is its tick.
        Map<Long, List<Run>> byTick = new TreeMap<>(firings.stream()
                .collect(Collectors.groupingBy(r -> r.at().toEpochMilli() / 1000)));
        assertEquals(3, byTick.size(), firings.toString());
        byTick.forEach((tick, inTick) -> {
            assertEquals(3, inTick.size(), "every instance's timer fired: " + firings);
            assertEquals(1, inTick.stream().filter(Run::ran).count(), "one of them ran the task: " + firings);
        });
        List<Long> tokens = firings.stream().filter(Run::ran).map(Run::fencingToken).toList();
        for (int i = 1; i < tokens.size(); i++) {
            assertTrue(tokens.get(i) > tokens.get(i - 1), "fencing tokens increase: " + tokens);
        }
    }
}
