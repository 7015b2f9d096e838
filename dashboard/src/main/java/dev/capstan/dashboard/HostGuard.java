package dev.capstan.dashboard;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;

/**
 * Before every request: the {@code Host} must be one the dashboard answers to, and a POST's
 * {@code Origin} the dashboard's own (see {@link AllowedHosts}), in every mode, with or without a
 * login. Refused requests get 403 and do not reach any other handler.
 */
final class HostGuard {
    private final AllowedHosts hosts;

    HostGuard(AllowedHosts hosts) {
        this.hosts = hosts;
    }

    void check(Context ctx) {
        if (!hosts.allowsHost(ctx.header("Host"))) {
            refuse(ctx, "this dashboard does not answer to that host name: add it with allowedHosts(...)");
        } else if (ctx.method() == HandlerType.POST && !hosts.allowsOrigin(ctx.header("Origin"), ctx.header("Host"), ctx.header("Sec-Fetch-Site"))) {
            refuse(ctx, "a request from another site's page is refused");
        }
    }

    private static void refuse(Context ctx, String message) {
        ctx.status(403).json(Map.of("error", message));
        ctx.skipRemainingHandlers();
    }
}
