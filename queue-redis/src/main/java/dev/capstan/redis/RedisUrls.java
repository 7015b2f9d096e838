package dev.capstan.redis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redis URLs made fit to print: {@link #redact} masks the credentials in a URL before it reaches a
 * log line, a banner or an exception message.
 */
public final class RedisUrls {
    /** What a masked secret reads as. */
    public static final String MASK = "***";
    // scheme://userinfo@ : the userinfo is what precedes the last '@' before the host's path or query.
    private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "([?&](?:password|pass|pwd|secret|token|auth)=)[^&#]*", Pattern.CASE_INSENSITIVE);

    private RedisUrls() {}

    /**
     * {@code url} with its password masked: {@code redis://app:s3cret@host:6379/0} reads
     * {@code redis://app:***@host:6379/0}, {@code redis://s3cret@host} (a password alone) reads
     * {@code redis://***@host}, and a {@code password=} (or {@code pass}, {@code pwd}, {@code secret},
     * {@code token}, {@code auth}) query parameter has its value masked. User names, hosts, ports and
     * databases stay readable. A URL without credentials comes back unchanged; {@code null} reads
     * "null".
     */
    public static String redact(String url) {
        if (url == null) {
            return "null";
        }
        String masked = url;
        Matcher userinfo = USERINFO.matcher(masked);
        if (userinfo.find()) {
            String info = userinfo.group(2);
            int colon = info.indexOf(':');
            String kept = colon >= 0 ? info.substring(0, colon + 1) + MASK : MASK;
            masked = userinfo.group(1) + kept + "@" + masked.substring(userinfo.end());
        }
        return SECRET_PARAMETER.matcher(masked).replaceAll("$1" + MASK);
    }
}
