package dev.capstan.examples.shortener;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * What a short link may point to: an absolute http(s) URL of at most 2,048 characters with a host.
 *
 * <p>An allow list of schemes, not a deny list: {@code javascript:}, {@code data:}, {@code file:}
 * and whatever comes next are refused because they are not http(s). Whitespace and control
 * characters are refused rather than trimmed, since browsers drop them inside a scheme
 * ({@code "java\tscript:"} runs as {@code javascript:}). User info is refused too: in
 * {@code https://bank.example@evil.example} the host is evil.example.
 */
public final class TargetUrls {
    public static final int MAX_LENGTH = 2_048;
    private static final Set<String> SCHEMES = Set.of("http", "https");

    private TargetUrls() {}

    /** Returns {@code url} when it may be shortened, else throws with the reason. */
    public static String validate(String url) {
        if (url == null || url.isEmpty()) {
            throw new InvalidLinkException("url is required");
        }
        if (url.length() > MAX_LENGTH) {
            throw new InvalidLinkException("url is longer than " + MAX_LENGTH + " characters");
        }
        if (url.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new InvalidLinkException("url contains whitespace or control characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidLinkException("url is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new InvalidLinkException(scheme.isEmpty()
                    ? "url must be absolute (http:// or https://)"
                    : "scheme '" + scheme + ":' is not allowed; use http or https");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidLinkException("url must not contain user info (user@host)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidLinkException("url has no host (internationalised names must be punycode)");
        }
        return url;
    }

    /** A link request that cannot be served: answered with 400 and the message. */
    public static final class InvalidLinkException extends IllegalArgumentException {
        public InvalidLinkException(String message) {
            super(message);
        }
    }
}
