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
        List<Run> runs = LockedCronTask.run(TestCapstan.of(ctx), 3);
        // Timers fire at whole seconds plus 0, 100 or 200 ms: the second a run belongs to is its tick.
        Map<Long, List<Run>> byTick = new TreeMap<>(runs.stream()
                .collect(Collectors.groupingBy(r -> r.at().toEpochMilli() / 1000)));
        assertEquals(3, byTick.size(), runs.toString());
        byTick.forEach((tick, inTick) -> assertEquals(1, inTick.size(), "one run per tick: " + runs));
        for (int i = 1; i < runs.size(); i++) {
            assertTrue(runs.get(i).fencingToken() > runs.get(i - 1).fencingToken(), runs.toString());
        }
    }
}
