package dev.capstan.examples.features.visitors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.examples.TestCapstan;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class UniqueVisitorsTest {

    @Test
    void theEstimateIsWithinAFewPercentOfTheExactCount(RedisTestContext ctx) {
        UniqueVisitors.Result r = UniqueVisitors.run(TestCapstan.of(ctx), 20_000, 5_000);
        double error = Math.abs(r.today() - r.exact()) / (double) r.exact();
        assertTrue(error < 0.03, "0.81% standard error; 3% is over 3.5 sigma: " + r);
        assertEquals(r.today(), r.thisWeek(), "all visits were today");
    }
}
