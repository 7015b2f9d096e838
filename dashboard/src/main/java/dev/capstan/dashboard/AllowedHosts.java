package dev.capstan.dashboard;

import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The host names the dashboard answers to, against DNS rebinding: a page on
 * {@code attacker.example} whose name the attacker points at 127.0.0.1 talks to a local dashboard
 * from the browser, with {@code Host: attacker.example}. So the {@code Host} header must be an IP
 * address (a rebinding attack always uses a name), {@code localhost} or a {@code *.localhost} name,
 * or a name configured with {@code allowedHosts(...)}; and a POST's {@code Origin}, when the browser
 * sends one, must be the page's own origin (the same host and port as {@code Host}) or a configured
 * name (for a proxy in front that rewrites {@code Host}).
 *
 * <p>No web framework here: the checks take header values, so any server can use them.
 */
final class AllowedHosts {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}(\\.\\d{1,3}){0,3}");

    private final Set<String> configured;
    private final boolean anyHost;

    private AllowedHosts(Set<String> configured, boolean anyHost) {
        this.configured = configured;
        this.anyHost = anyHost;
    }

    /** Loopback names and IP addresses, plus {@code names} (exact, or {@code *.example.com} for its subdomains). */
    static AllowedHosts of(Collection<String> names) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String name : names) {
            String n = normalize(name);
            if (n.isEmpty() || n.contains("/") || n.contains(" ")) {
                throw new IllegalArgumentException("not a host name: '" + name + "'");
            }
            normalized.add(n);
        }
        return new AllowedHosts(Set.copyOf(normalized), false);
    }

    /** Every host: only when something in front (a proxy, the host application) checks {@code Host} itself. */
    static AllowedHosts any() {
        return new AllowedHosts(Set.of(), true);
    }

    /** True if a request with this {@code Host} header may be answered. */
    boolean allowsHost(String hostHeader) {
        if (anyHost) {
            return true;
        }
        String host = hostOf(hostHeader);
        return host != null && (isLoopbackName(host) || isIpLiteral(host) || isConfigured(host));
    }

    /**
     * True if a POST with this {@code Origin} may act: no Origin (not a browser, or one too old to
     * send it on a same-origin POST), the request's own origin, or a configured host name.
     */
    boolean allowsOrigin(String origin, String hostHeader) {
        return allowsOrigin(origin, hostHeader, null);
    }

    /**
     * Like {@link #allowsOrigin(String, String)}, also given the browser's {@code Sec-Fetch-Site}:
     * {@code Origin: null} passes when the browser itself says the request is {@code same-origin}
     * (a page under a no-referrer policy posts its own form with {@code Origin: null}; page scripts
     * cannot set {@code Sec-Fetch-*} headers).
     */
    boolean allowsOrigin(String origin, String hostHeader, String secFetchSite) {
        if (origin == null) {
            return true;
        }
        if (origin.trim().equals("null") && "same-origin".equals(secFetchSite)) {
            return true;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (Exception e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getRawAuthority() == null
                || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
            return false; // "null" (a sandboxed frame, a file), or something that is not a web origin
        }
        if (hostHeader != null && uri.getRawAuthority().equalsIgnoreCase(hostHeader.trim())) {
            return true; // same origin
        }
        String host = hostOf(uri.getRawAuthority());
        return host != null && isConfigured(host);
    }

    private boolean isConfigured(String host) {
        for (String name : configured) {
            if (name.startsWith("*.") ? host.endsWith(name.substring(1)) : host.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLoopbackName(String host) {
        return host.equals("localhost") || host.endsWith(".localhost");
    }

    static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || (host.indexOf(':') >= 0 && IPV6.matcher(host).matches());
    }

    /** The host of a {@code Host} header or an origin's authority, lower case, without port, brackets and trailing dot; null if malformed. */
    static String hostOf(String authority) {
        if (authority == null) {
            return null;
        }
        String a = authority.trim();
        if (a.isEmpty() || a.indexOf('@') >= 0) {
            return null;
        }
        String host;
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            if (end < 0) {
                return null;
            }
            host = a.substring(1, end);
            String rest = a.substring(end + 1);
            if (!rest.isEmpty() && !rest.matches(":\\d{1,5}")) {
                return null;
            }
        } else {
            int colon = a.indexOf(':');
            host = colon < 0 ? a : a.substring(0, colon);
            if (colon >= 0 && !a.substring(colon).matches(":\\d{1,5}")) {
                return null;
            }
        }
        host = normalize(host);
        return host.isEmpty() ? null : host;
    }

    private static String normalize(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
