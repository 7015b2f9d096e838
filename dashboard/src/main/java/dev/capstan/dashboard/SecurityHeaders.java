package dev.capstan.dashboard;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Headers on every response, Jetty's own error pages included ({@link SecureErrorHandler}): only
 * the dashboard's own scripts and styles may run (no inline code, so injected markup cannot
 * execute), no framing (clickjacking), no MIME sniffing, no referrer to other sites, and no caching of pages or
 * data that hold job arguments.
 */
final class SecurityHeaders {
    /** Header name to value, in the order they are set. */
    static final Map<String, String> HEADERS;

    static {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        // Not "no-referrer": with it, browsers send "Origin: null" on the page's own form POSTs, and the
        // Origin check (login CSRF) could not tell them from a sandboxed attacker. Other sites still get nothing.
        h.put("Referrer-Policy", "same-origin");
        h.put("Cache-Control", "no-store");
        HEADERS = Collections.unmodifiableMap(h);
    }

    private SecurityHeaders() {}

    static void apply(Context ctx) {
        HEADERS.forEach(ctx::header);
    }
}
