package dev.capstan.examples.features.throttling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.examples.TestCapstan;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class PerTenantThrottlingTest {

    @Test
    void eachTenantRunsAtItsOwnRateAndASmallTenantDoesNotWaitBehindABigOne(RedisTestContext ctx) throws Exception {
        Map<String, List<Instant>> starts = PerTenantThrottling.run(TestCapstan.of(ctx), 7, 2);
        List<Instant> acme = starts.get("acme").stream().sorted().toList();
        List<Instant> globex = starts.get("globex").stream().sorted().toList();
        assertEquals(7, acme.size());
        assertEquals(2, globex.size());

        // 2 per second without burst: the limiter grants acme's 7 starts over 3 s (6 intervals of 0.5 s);
        // unthrottled they would start within milliseconds. A margin for the time from grant to start.
        Duration span = Duration.between(acme.get(0), acme.get(6));
        assertTrue(span.compareTo(Duration.ofMillis(2_500)) >= 0, "acme ran faster than its limit: " + span);
        // globex was enqueued after all of acme's jobs, yet finished long before acme.
        assertTrue(globex.get(1).isBefore(acme.get(5)), "globex waited behind acme: " + starts);
    }
}
