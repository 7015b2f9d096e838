package dev.capstan.redis.lua;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lua script loaded from a {@code .lua} classpath resource, with its SHA-1 computed locally so
 * the first call can go straight to EVALSHA. Scripts open with a comment listing KEYS and ARGV.
 *
 * <p>Redis runs each script as one self-contained text, so a helper function several scripts need
 * lives once, as a fragment next to this class ({@code wrong_type.lua}, {@code job_status.lua},
 * {@code capped_set.lua}),
 * and a script names it on a line of its own: {@code -- include: wrong_type.lua}. Loading puts the
 * fragment's text in that line's place; the SHA is the expanded text's. Fragments include nothing.
 */
public record LuaScript(String name, String source, String sha) {
    static final Pattern INCLUDE = Pattern.compile("(?m)^-- include: ([a-z0-9_]+\\.lua)$");

    /**
     * Loads {@code name}.lua from the package of {@code anchor} (e.g. a class next to the scripts).
     */
    public static LuaScript load(Class<?> anchor, String name) {
        String resource = name + ".lua";
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua resource " + resource + " next to " + anchor.getName());
            }
            String source = withIncludes(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
            return new LuaScript(name, source, sha1(source));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }

    /** {@code source} with each include line replaced by the fragment it names. */
    static String withIncludes(String source, String resource) {
        Matcher include = INCLUDE.matcher(source);
        StringBuilder out = new StringBuilder(source.length() + 1024);
        while (include.find()) {
            String fragment = fragment(include.group(1), resource);
            include.appendReplacement(out, Matcher.quoteReplacement(fragment.stripTrailing()));
        }
        include.appendTail(out);
        return out.toString();
    }

    private static String fragment(String name, String includedBy) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(includedBy + " includes " + name + ", which is not next to " + LuaScript.class.getName());
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (INCLUDE.matcher(text).find()) {
                throw new IllegalStateException("fragment " + name + " includes another; fragments include nothing");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + name, e);
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
