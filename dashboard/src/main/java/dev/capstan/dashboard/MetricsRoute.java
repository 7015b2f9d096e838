package dev.capstan.dashboard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the Prometheus text exposition given to {@link DashboardBuilder#metrics}. A
 * scraper has no session, so with credentials it authenticates with HTTP Basic (the dashboard's user
 * and password); without credentials (insecure or authenticated-upstream mode) it is open like the rest.
 */
final class MetricsRoute {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> metrics;
    private final Users users;

    MetricsRoute(DashboardBuilder config) {
        this.metrics = config.metrics;
        this.users = config.users();
    }

    void register(RoutesConfig routes) {
        if (metrics == null) {
            return;
        }
        routes.get("/metrics", this::scrape);
    }

    private void scrape(Context ctx) {
        if (!users.isEmpty() && !basicAuthMatches(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Basic realm=\"capstan\", charset=\"UTF-8\"");
            ctx.status(401).result("authentication required");
            return;
        }
        ctx.contentType(CONTENT_TYPE).result(metrics.get());
    }

    private boolean basicAuthMatches(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon > 0 && users.matches(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
