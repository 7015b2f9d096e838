package dev.capstan.dashboard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The login: the form, the session cookie, and the guard in front of {@code /api}.
 *
 * <p>A successful login starts a fresh session (a new id each time, so a planted id is useless)
 * holding the user name and a random CSRF token. The cookie is HttpOnly (scripts cannot read it)
 * and SameSite=Strict (other sites' requests do not carry it). Every {@code /api} call needs a live
 * session (else 401); every call that changes something also needs the session's CSRF token in the
 * {@value #CSRF_HEADER} header (else 403), which the page reads from {@code GET /api/session}.
 *
 * <p>Without credentials (insecure mode) everyone is "anonymous", but actions still need a
 * per-process CSRF token, so a malicious page cannot drive a local dashboard through your browser.
 */
final class SessionAuth {
    static final String COOKIE = "capstan_session";
    static final String CSRF_HEADER = "X-Capstan-CSRF";
    private static final String ATTR_USER = "user";
    private static final String ATTR_CSRF = "csrf";
    private static final String CTX_SESSION = "capstan.session";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who is logged in and the token their actions must carry. */
    record Session(String user, String csrfToken) {}

    private final Credentials credentials;
    private final SessionStore store;
    private final Duration idleTimeout;
    private final boolean secureCookie;
    private final Session anonymous;

    SessionAuth(Credentials credentials, SessionStore store, Duration idleTimeout, boolean secureCookie) {
        this.credentials = credentials;
        this.store = store;
        this.idleTimeout = idleTimeout;
        this.secureCookie = secureCookie;
        this.anonymous = credentials == null ? new Session("anonymous", randomToken()) : null;
    }

    void register(RoutesConfig routes, WebAssets assets) {
        routes.get("/", ctx -> {
            if (session(ctx).isPresent()) {
                assets.serve(ctx, "index.html");
            } else {
                ctx.redirect("login", HttpStatus.FOUND);
            }
        });
        routes.get("/login", ctx -> {
            if (session(ctx).isPresent()) {
                ctx.redirect("./", HttpStatus.FOUND);
            } else {
                assets.serve(ctx, "login.html");
            }
        });
        routes.post("/login", this::login);
        routes.get("/assets/{name}", ctx -> assets.serve(ctx, ctx.pathParam("name")));
        routes.before("/api/*", this::guard);
        routes.get("/api/session", ctx -> {
            Session s = ctx.attribute(CTX_SESSION);
            ctx.json(Map.of("user", s.user(), "csrfToken", s.csrfToken(), "auth", credentials != null));
        });
        routes.post("/api/logout", ctx -> {
            String id = ctx.cookie(COOKIE);
            if (id != null) {
                store.destroy(id);
            }
            ctx.header("Set-Cookie", cookie("", 0));
            ctx.json(Map.of("loggedOut", true));
        });
    }

    private void login(Context ctx) {
        if (credentials == null) {
            ctx.redirect("./", HttpStatus.SEE_OTHER);
            return;
        }
        String user = ctx.formParam("username");
        if (!credentials.matches(user, ctx.formParam("password"))) {
            ctx.redirect("login?failed", HttpStatus.SEE_OTHER);
            return;
        }
        String previous = ctx.cookie(COOKIE);
        if (previous != null) {
            store.destroy(previous);
        }
        String id = store.create(Map.of(ATTR_USER, user, ATTR_CSRF, randomToken()), idleTimeout);
        ctx.header("Set-Cookie", cookie(id, -1));
        ctx.redirect("./", HttpStatus.SEE_OTHER);
    }

    /** Before every /api call: a live session, and the CSRF token on anything but a read. */
    private void guard(Context ctx) {
        Optional<Session> session = session(ctx);
        if (session.isEmpty()) {
            ctx.status(401).json(Map.of("error", "login required"));
            ctx.skipRemainingHandlers();
            return;
        }
        boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
        if (!read && !Credentials.sameToken(session.get().csrfToken(), ctx.header(CSRF_HEADER))) {
            ctx.status(403).json(Map.of("error", "missing or wrong " + CSRF_HEADER + " header"));
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute(CTX_SESSION, session.get());
    }

    private Optional<Session> session(Context ctx) {
        if (credentials == null) {
            return Optional.of(anonymous);
        }
        String id = ctx.cookie(COOKIE);
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Optional<Map<String, String>> attrs = store.get(id);
        if (attrs.isEmpty() || attrs.get().get(ATTR_CSRF) == null) {
            return Optional.empty();
        }
        store.touch(id);
        return Optional.of(new Session(attrs.get().get(ATTR_USER), attrs.get().get(ATTR_CSRF)));
    }

    private String cookie(String value, int maxAgeSeconds) {
        StringBuilder c = new StringBuilder(COOKIE).append('=').append(value).append("; Path=/; HttpOnly; SameSite=Strict");
        if (maxAgeSeconds >= 0) {
            c.append("; Max-Age=").append(maxAgeSeconds);
        }
        if (secureCookie) {
            c.append("; Secure");
        }
        return c.toString();
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
