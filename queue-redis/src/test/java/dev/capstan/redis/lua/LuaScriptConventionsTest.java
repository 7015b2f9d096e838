package dev.capstan.redis.lua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testsupport.LuaScriptConventions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every Lua script opens with a comment naming its KEYS and ARGV, and builds no key names itself. */
class LuaScriptConventionsTest {

    @Test
    void everyScriptDocumentsItsKeysAndArgs() {
        Path resources = Path.of("src/main/resources");
        assertTrue(LuaScriptConventions.scripts(resources).size() >= 30, "the queue's and the primitives' scripts are found");
        assertEquals(List.of(), LuaScriptConventions.violations(resources));
    }
}
