package dev.capstan.dashboard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The session: the pages that need one, the session cookie, and the guard in front of {@code /api}.
 * {@link LoginRoute} starts sessions.
 *
 * <p>A session holds the user name, its {@link Role}, a random CSRF token and when it started. The
 * cookie is HttpOnly (scripts cannot read it) and SameSite=Strict (other sites' requests do not carry
 * it). A session ends after its idle timeout without a request, and at the latest its maximum
 * lifetime after the login, however busy. Every {@code /api} call needs a live session (else 401);
 * every call that changes something also needs the session's CSRF token in the {@value #CSRF_HEADER}
 * header (else 403), which the page reads from {@code GET /api/session}, and a role that may act
 * (else 403).
 *
 * <p>Without credentials (insecure mode) everyone is "anonymous", but actions still need a
 * per-process CSRF token, so a malicious page cannot drive a local dashboard through your browser.
 */
final class SessionAuth {
    static final String COOKIE = "capstan_session";
    static final String CSRF_HEADER = "X-Capstan-CSRF";
    static final String ATTR_USER = "user";
    static final String ATTR_ROLE = "role";
    static final String ATTR_CSRF = "csrf";
    static final String ATTR_STARTED = "started";
    private static final String CTX_SESSION = "capstan.session";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who is logged in, what they may do, and the token their actions must carry. */
    record Session(String user, Role role, String csrfToken) {}

    private final Users users;
    private final SessionStore store;
    private final Duration idleTimeout;
    private final Duration maxLifetime;
    private final boolean secureCookie;
    private final Session anonymous;

    SessionAuth(DashboardBuilder config) {
        this.users = config.users();
        this.store = config.sessions;
        this.idleTimeout = config.sessionIdleTimeout;
        this.maxLifetime = config.sessionMaxLifetime;
        this.secureCookie = config.secureCookie;
        this.anonymous = users.isEmpty()
                ? new Session("anonymous", config.readOnly ? Role.READ_ONLY : Role.ADMIN, randomToken()) : null;
    }

    boolean loginRequired() {
        return anonymous == null;
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
        routes.get("/assets/{name}", ctx -> assets.serve(ctx, ctx.pathParam("name")));
        routes.before("/api/*", this::guard);
        routes.get("/api/session", ctx -> {
            Session s = ctx.attribute(CTX_SESSION);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("user", s.user());
            body.put("role", s.role().label());
            body.put("canAct", s.role().canAct());
            body.put("csrfToken", s.csrfToken());
            body.put("auth", loginRequired());
            ctx.json(body);
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

    /** Starts a fresh session for a user who just logged in, replacing any session the browser had. */
    void start(Context ctx, String user, Role role) {
        String previous = ctx.cookie(COOKIE);
        if (previous != null) {
            store.destroy(previous);
        }
        Map<String, String> attributes = Map.of(ATTR_USER, user, ATTR_ROLE, role.label(), ATTR_CSRF, randomToken(),
                ATTR_STARTED, Long.toString(System.currentTimeMillis()));
        String id = store.create(attributes, idleTimeout, maxLifetime);
        ctx.header("Set-Cookie", cookie(id, -1));
    }

    /** Before every /api call: a live session; on anything but a read, the CSRF token and a role that may act. */
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
        if (!read && !session.get().role().canAct() && !ctx.path().endsWith("/api/logout")) {
            ctx.status(403).json(Map.of("error", "read-only: user " + session.get().user() + " may look but not change anything"));
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute(CTX_SESSION, session.get());
    }

    private Optional<Session> session(Context ctx) {
        if (anonymous != null) {
            return Optional.of(anonymous);
        }
        String id = ctx.cookie(COOKIE);
        if (id == null || id.isEmpty() || id.length() > 200) {
            return Optional.empty();
        }
        Optional<Map<String, String>> found = store.get(id);
        if (found.isEmpty() || found.get().get(ATTR_CSRF) == null) {
            return Optional.empty();
        }
        Map<String, String> attrs = found.get();
        if (tooOld(attrs.get(ATTR_STARTED))) {
            store.destroy(id); // past its maximum lifetime, whatever the store did about it
            return Optional.empty();
        }
        store.touch(id);
        return Optional.of(new Session(attrs.get(ATTR_USER), Role.ofLabel(attrs.get(ATTR_ROLE)), attrs.get(ATTR_CSRF)));
    }

    private boolean tooOld(String started) {
        try {
            return started == null || System.currentTimeMillis() - Long.parseLong(started) >= maxLifetime.toMillis();
        } catch (NumberFormatException e) {
            return true;
        }
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

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
