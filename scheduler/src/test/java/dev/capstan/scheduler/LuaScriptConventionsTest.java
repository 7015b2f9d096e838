package dev.capstan.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testsupport.LuaScriptConventions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scheduler's Lua scripts open with a comment naming their KEYS and ARGV, and build no key names. */
class LuaScriptConventionsTest {

    @Test
    void everyScriptDocumentsItsKeysAndArgs() {
        Path resources = Path.of("src/main/resources");
        assertTrue(LuaScriptConventions.scripts(resources).size() >= 3);
        assertEquals(List.of(), LuaScriptConventions.violations(resources));
    }
}
