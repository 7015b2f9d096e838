package dev.capstan.redis.lua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.queue.QueueBroker;
import dev.capstan.testsupport.LuaScriptConventions;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/** Fragments are put in place of their include lines, and every script, so expanded, is valid Lua to Redis. */
@ExtendWith(RedisExtension.class)
class LuaScriptIncludeTest {

    @Test
    void anIncludeLineIsReplacedByTheFragment() {
        LuaScript fetch = LuaScript.load(QueueBroker.class, "fetch");
        assertTrue(fetch.source().contains("local function wrongType(key, want)"), fetch.source());
        assertFalse(LuaScript.INCLUDE.matcher(fetch.source()).find(), "no include line is left: " + fetch.source());
        assertEquals(LuaScript.sha1(fetch.source()), fetch.sha(), "the SHA is the expanded text's, as Redis computes it");
    }

    @Test
    void aMissingFragmentIsNamedWithTheScriptThatWantsIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LuaScript.withIncludes("-- KEYS none, ARGV none\n-- include: no_such_fragment.lua\nreturn 1\n", "broken.lua"));
        assertTrue(e.getMessage().contains("broken.lua includes no_such_fragment.lua"), e.getMessage());
    }

    @Test
    void everyScriptExpandedCompilesInRedis(RedisTestContext ctx) throws Exception {
        RedisClient redis = ctx.newClient();
        List<String> loaded = new ArrayList<>();
        Path resources = Path.of("src/main/resources");
        for (Path script : LuaScriptConventions.scripts(resources)) {
            String text = Files.readString(script);
            String expanded = LuaScript.withIncludes(text, script.toString());
            assertFalse(LuaScript.INCLUDE.matcher(expanded).find(), script + " still has an include line");
            assertEquals(LuaScript.sha1(expanded), redis.scriptLoad(expanded), script + " compiles in Redis");
            if (!text.equals(expanded)) {
                loaded.add(script.getFileName().toString());
            }
        }
        assertTrue(loaded.contains("fetch.lua") && loaded.contains("finish.lua"), "scripts with includes were among them: " + loaded);
    }
}
