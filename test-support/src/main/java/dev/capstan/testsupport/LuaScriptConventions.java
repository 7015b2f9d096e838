package dev.capstan.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks a module's Lua scripts against the project's conventions: each opens with a comment (line
 * comments or one block comment) naming its KEYS and ARGV, and none builds a key name by
 * concatenation inside a redis.call (every key must come in KEYS, or Redis Cluster breaks).
 */
public final class LuaScriptConventions {
    private LuaScriptConventions() {}

    /** Returns one message per violation under {@code resources} (empty when all is well). */
    public static List<String> violations(Path resources) {
        List<String> problems = new ArrayList<>();
        for (Path script : scripts(resources)) {
            String source;
            try {
                source = Files.readString(script);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String header = source.startsWith("--[[")
                    ? source.substring(0, Math.max(0, source.indexOf("]]")))
                    : source.lines().takeWhile(l -> l.startsWith("--")).reduce("", (a, b) -> a + b + "\n");
            if (!header.contains("KEYS")) {
                problems.add(script + " has no KEYS in its header comment");
            }
            if (!header.contains("ARGV")) {
                problems.add(script + " has no ARGV in its header comment");
            }
            String code = source.lines().filter(l -> !l.trim().startsWith("--")).reduce("", (a, b) -> a + b + "\n");
            if (code.matches("(?s).*redis\\.call\\('[A-Za-z]+',\\s*[^K'\\s][^,)]*\\.\\..*")) {
                problems.add(script + " seems to build a key name inside Lua; pass every key in KEYS");
            }
        }
        return problems;
    }

    public static List<Path> scripts(Path resources) {
        try (Stream<Path> files = Files.walk(resources)) {
            return files.filter(p -> p.toString().endsWith(".lua")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
