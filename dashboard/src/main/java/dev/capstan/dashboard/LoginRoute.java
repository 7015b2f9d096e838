package dev.capstan.dashboard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /login}: the login form's answer. In this order: a form that cannot be read is a 400
 * (nothing from inside the server is echoed); a POST from another site is a 403 (login CSRF: a page
 * elsewhere must not log your browser into a dashboard as someone else); an attempt the
 * {@link LoginThrottle} holds back is a 429 with Retry-After (before the password is looked at);
 * then the password is checked, and a match starts a fresh session ({@link SessionAuth#start}).
 */
final class LoginRoute {
    private static final Logger log = LoggerFactory.getLogger(LoginRoute.class);
    /** Longer user names or passwords are not typed by people; refusing them keeps hashing and keys cheap. */
    static final int MAX_FIELD_LENGTH = 1024;

    private final Users users;
    private final SessionAuth sessions;
    private final LoginThrottle throttle;
    private final AllowedHosts hosts;
    private final ClientAddress clientAddress;

    LoginRoute(DashboardBuilder config, SessionAuth sessions, AllowedHosts hosts) {
        this.users = config.users();
        this.sessions = sessions;
        this.throttle = config.loginThrottle;
        this.hosts = hosts;
        this.clientAddress = new ClientAddress(config.clientAddressHeader);
    }

    void register(RoutesConfig routes) {
        routes.post("/login", this::login);
    }

    private void login(Context ctx) {
        if (!sessions.loginRequired()) {
            ctx.redirect("./", HttpStatus.SEE_OTHER);
            return;
        }
        if (!hosts.allowsOrigin(ctx.header("Origin"), ctx.header("Host"), ctx.header("Sec-Fetch-Site")) || "cross-site".equals(ctx.header("Sec-Fetch-Site"))) {
            plain(ctx, 403, "A login from another site is refused: log in on the dashboard's own page.");
            return;
        }
        String user;
        String password;
        try {
            user = ctx.formParam("username");
            password = ctx.formParam("password");
        } catch (Exception e) { // the parser may throw checked exceptions (ServletException, IOException) undeclared
            // A broken body (e.g. malformed multipart): the parser's message stays in our log at debug.
            log.debug("unreadable login form: {}", dev.capstan.api.LogText.escape(e));
            plain(ctx, 400, "The login form could not be read.");
            return;
        }
        if (user == null || password == null || user.length() > MAX_FIELD_LENGTH || password.length() > MAX_FIELD_LENGTH) {
            plain(ctx, 400, "The login form needs a user name and a password.");
            return;
        }
        Optional<Duration> wait = throttle.admit(clientAddress.of(ctx), user);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            plain(ctx, 429, "Too many login attempts. Try again in " + seconds + " seconds.");
            return;
        }
        Optional<Role> role = users.check(user, password);
        if (role.isEmpty()) {
            ctx.redirect("login?failed", HttpStatus.SEE_OTHER);
            return;
        }
        sessions.start(ctx, user, role.get());
        ctx.redirect("./", HttpStatus.SEE_OTHER);
    }

    /**
     * The refusal as plain text, or for a browser (which asked for HTML) as a small page in the login
     * form's style with a link back to it. {@code message} is the server's own text, never the user's.
     */
    private static void plain(Context ctx, int status, String message) {
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/html")) {
            ctx.status(status).contentType("text/html; charset=utf-8").result("""
                    <!doctype html>
                    <html lang="en"><head><meta charset="utf-8"><title>Capstan · log in</title>
                    <link rel="icon" href="assets/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="assets/app.css"></head>
                    <body class="login-page"><div class="login-card"><h1>Capstan</h1>
                    <p class="error" id="refused">%s</p><p><a href="login">Back to the login form</a></p></div></body></html>
                    """.formatted(message));
            return;
        }
        ctx.status(status).contentType("text/plain; charset=utf-8").result(message);
    }
}
