package dev.capstan.examples.features.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.examples.TestCapstan;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class WhoIsOnlineTest {

    @Test
    void aSilentMemberDropsOutByItselfAndALeavingOneAtOnce(RedisTestContext ctx) throws Exception {
        WhoIsOnline.Result r = WhoIsOnline.run(TestCapstan.of(ctx));
        assertEquals(List.of("alice", "bob", "carol"), r.atStart().stream().sorted().toList());
        assertEquals(List.of("alice"), r.afterBobSlept());
        assertEquals(List.of("bob"), r.silent(), "carol left cleanly, so she did not go silent");
        assertEquals(List.of(), r.atEnd());
    }
}
