package dev.capstan.examples.shortener;

import dev.capstan.redis.Namespace;

/**
 * The shortener's Redis keys. Links are spread over {@link #SHARDS} shards; each shard is one hash
 * tag holding its links, their click counters and visitor HyperLogLogs, and the shard's click log,
 * so the redirect (link + log) and the aggregation (log + counters) are each one script in one
 * cluster slot.
 *
 * <pre>
 * capstan:shortener:seq                    string  the code counter (INCR)
 * capstan:{shortener.S}:url:CODE           string  the target URL; expires with the link
 * capstan:{shortener.S}:clicks:CODE        string  clicks counted so far; expires with the link
 * capstan:{shortener.S}:visitors:CODE      HLL     distinct visitors; expires with the link
 * capstan:{shortener.S}:click-log          stream  clicks not yet counted (code, visitor)
 * </pre>
 */
public final class LinkKeys {
    /** Fixed for the life of the data: a link's shard is derived from its code. */
    public static final int SHARDS = 16;

    private final Namespace ns;

    public LinkKeys(Namespace ns) {
        this.ns = ns;
    }

    /** The shard of a code; {@code String.hashCode} is specified, so every JVM agrees. */
    public static int shard(String code) {
        return Math.floorMod(code.hashCode(), SHARDS);
    }

    public String counter() {
        return ns.plain("shortener", "seq");
    }

    public String url(String code) {
        return ns.tagged(tag(shard(code)), "url", code);
    }

    public String clicks(String code) {
        return ns.tagged(tag(shard(code)), "clicks", code);
    }

    public String visitors(String code) {
        return ns.tagged(tag(shard(code)), "visitors", code);
    }

    public String clickLog(int shard) {
        return ns.tagged(tag(shard), "click-log");
    }

    private static String tag(int shard) {
        return "shortener." + shard;
    }
}
