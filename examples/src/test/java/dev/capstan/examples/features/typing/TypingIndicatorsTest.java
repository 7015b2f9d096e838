package dev.capstan.examples.features.typing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.examples.TestCapstan;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class TypingIndicatorsTest {

    @Test
    void changesArePushedAndAVanishedClientStopsTypingByItself(RedisTestContext ctx) throws Exception {
        TypingIndicators.Result r = TypingIndicators.run(TestCapstan.of(ctx));
        assertEquals(List.of("alice is typing", "bob is typing", "alice stopped"), r.pushed());
        assertEquals(Map.of("alice", "typing", "bob", "typing"), r.bothTyping());
        assertEquals(Map.of("bob", "typing"), r.afterAliceSent());
        assertEquals(Map.of(), r.afterBobVanished(), "bob's status ran out without anyone clearing it");
    }
}
