package dev.capstan.dashboard;

import io.javalin.http.Context;

/**
 * The address a request came from, for the login throttle: the peer's address, or behind a proxy
 * the address that proxy wrote into a header ({@code clientAddressHeader("X-Forwarded-For")}). Of a
 * list, the last entry counts: the one the nearest proxy added; earlier entries come from the client
 * and can be made up.
 */
final class ClientAddress {
    private final String header;

    ClientAddress(String header) {
        this.header = header;
    }

    String of(Context ctx) {
        if (header != null) {
            String value = ctx.header(header);
            if (value != null && !value.isBlank()) {
                String[] parts = value.split(",");
                String last = parts[parts.length - 1].trim();
                if (!last.isEmpty() && last.length() <= 100) {
                    return last;
                }
            }
        }
        return ctx.ip();
    }
}
