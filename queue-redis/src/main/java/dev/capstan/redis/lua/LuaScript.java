package dev.capstan.redis.lua;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One Lua script loaded from a {@code .lua} classpath resource, with its SHA-1 computed locally so
 * the first call can go straight to EVALSHA. Scripts open with a comment listing KEYS and ARGV.
 */
public record LuaScript(String name, String source, String sha) {

    /**
     * Loads {@code name}.lua from the package of {@code anchor} (e.g. a class next to the scripts).
     */
    public static LuaScript load(Class<?> anchor, String name) {
        String resource = name + ".lua";
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua resource " + resource + " next to " + anchor.getName());
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new LuaScript(name, source, sha1(source));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }

    static String sha1(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
