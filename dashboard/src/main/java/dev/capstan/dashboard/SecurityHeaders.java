package dev.capstan.dashboard;

import io.javalin.http.Context;

/**
 * Headers on every response: only the dashboard's own scripts and styles may run (no inline code,
 * so injected markup cannot execute), no framing (clickjacking), no MIME sniffing, no referrer, and
 * no caching of pages or data that hold job arguments.
 */
final class SecurityHeaders {
    private SecurityHeaders() {}

    static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }
}
