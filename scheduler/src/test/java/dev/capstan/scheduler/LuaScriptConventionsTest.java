package dev.capstan.scheduler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The scheduler's Lua scripts open with a comment naming their KEYS and ARGV. */
class LuaScriptConventionsTest {

    @Test
    void everyScriptDocumentsItsKeysAndArgs() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources"))) {
            scripts = files.filter(p -> p.toString().endsWith(".lua")).toList();
        }
        assertTrue(scripts.size() >= 3, "found " + scripts.size() + " scripts");
        for (Path script : scripts) {
            String header = Files.readString(script).lines().takeWhile(l -> l.startsWith("--"))
                    .reduce("", (a, b) -> a + b + "\n");
            assertTrue(header.contains("KEYS") && header.contains("ARGV"), script + " does not document KEYS and ARGV");
        }
    }
}
