package dev.capstan.examples.features.signups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.api.EnqueueResult.Outcome;
import dev.capstan.examples.TestCapstan;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class BloomSignupDedupTest {

    @Test
    void eachAddressGetsOneWelcomeEmailWhateverTheResubmissions(RedisTestContext ctx) throws Exception {
        BloomSignupDedup.Result r = BloomSignupDedup.run(TestCapstan.of(ctx), List.of("ada@example.com", "grace@example.com",
                "ada@example.com", "Ada@Example.com", "linus@example.com", "grace@example.com"));
        assertEquals(List.of(Outcome.ENQUEUED, Outcome.ENQUEUED, Outcome.DUPLICATE, Outcome.DUPLICATE, Outcome.ENQUEUED,
                Outcome.DUPLICATE), r.outcomes());
        assertEquals(Map.of("ada@example.com", 1, "grace@example.com", 1, "linus@example.com", 1), r.sent());
    }
}
