package dev.capstan.redis.lua;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every Lua script opens with a comment naming its KEYS and ARGV, and builds no key names itself. */
class LuaScriptConventionsTest {

    @Test
    void everyScriptDocumentsItsKeysAndArgs() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources"))) {
            scripts = files.filter(p -> p.toString().endsWith(".lua")).toList();
        }
        assertTrue(scripts.size() >= 10, "found " + scripts.size() + " scripts");
        for (Path script : scripts) {
            String source = Files.readString(script);
            String header = source.startsWith("--[[")
                    ? source.substring(0, Math.max(0, source.indexOf("]]")))
                    : source.lines().takeWhile(l -> l.startsWith("--")).reduce("", (a, b) -> a + b + "\n");
            assertTrue(header.contains("KEYS"), script + " has no KEYS in its header comment");
            assertTrue(header.contains("ARGV"), script + " has no ARGV in its header comment");
            String code = source.lines().filter(l -> !l.trim().startsWith("--")).reduce("", (a, b) -> a + b + "\n");
            assertTrue(!code.matches("(?s).*redis\\.call\\('[A-Za-z]+',\\s*[^K'\\s][^,)]*\\.\\..*"),
                    script + " seems to build a key name inside Lua; pass every key in KEYS");
        }
    }
}
