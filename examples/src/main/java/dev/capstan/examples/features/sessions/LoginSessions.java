package dev.capstan.examples.features.sessions;

import dev.capstan.examples.DemoRedis;
import dev.capstan.examples.WaitForCtrlC;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.session.Session;
import dev.capstan.redis.session.SessionStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions for a login: an anonymous visitor fills a cart (a session is created), logs in (the
 * session gets a new id, so an id planted before the login is worthless: session fixation), and
 * logs out (the session is destroyed). Sessions live in Redis, so any instance of the application
 * serves any request; they end after 30 idle minutes and at most 12 hours after creation.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.capstan.examples.features.sessions.LoginSessions
 * curl -si -c jar -b jar -X POST 'localhost:8093/cart?item=book'
 * curl -si -c jar -b jar -X POST localhost:8093/login -d user=alice -d password=wonderland
 * curl -si -c jar -b jar localhost:8093/me
 * </pre>
 */
public final class LoginSessions {
    static final String COOKIE = "sid";
    /** A user table; store password hashes (bcrypt, argon2) in real code, never passwords. */
    private static final Map<String, String> PASSWORDS = Map.of("alice", "wonderland");

    private LoginSessions() {}

    public static Javalin start(CapstanRedis capstan, int port) {
        SessionStore sessions = new SessionStore(capstan.redis(), capstan.namespace());
        Duration idle = Duration.ofMinutes(30);
        Duration maxLifetime = Duration.ofHours(12);

        return Javalin.create(c -> {
            c.routes.post("/cart", ctx -> {                         // anonymous: a session starts here
                Session s = current(sessions, ctx)
                        .orElseGet(() -> sessions.create(Map.of(), idle, maxLifetime));
                String cart = s.attribute("cart").map(items -> items + ",").orElse("") + ctx.queryParam("item");
                sessions.setAttribute(s.id(), "cart", cart);
                setCookie(ctx, s.id());
                ctx.result("cart: " + cart);
            });
            c.routes.post("/login", ctx -> {
                String user = ctx.formParam("user");
                if (!passwordMatches(user, ctx.formParam("password"))) {
                    ctx.status(401).result("wrong user name or password");
                    return;
                }
                // A new id at login (the cart comes along); the id from before the login stops working.
                Session s = current(sessions, ctx).flatMap(old -> sessions.rotate(old.id()))
                        .orElseGet(() -> sessions.create(Map.of(), idle, maxLifetime));
                sessions.setAttribute(s.id(), "user", user);
                setCookie(ctx, s.id());
                ctx.result("welcome, " + user);
            });
            c.routes.get("/me", ctx -> current(sessions, ctx).filter(s -> s.attribute("user").isPresent()).ifPresentOrElse(
                    s -> ctx.result(s.attribute("user").get() + ", cart: " + s.attribute("cart").orElse("empty")),
                    () -> ctx.status(401).result("not logged in")));
            c.routes.post("/logout", ctx -> {
                current(sessions, ctx).ifPresent(s -> sessions.destroy(s.id()));
                ctx.header("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
                ctx.result("bye");
            });
        }).start(port);
    }

    /** The request's session, touched (its idle timeout restarts); empty if none, unknown or expired. */
    private static Optional<Session> current(SessionStore sessions, Context ctx) {
        String id = ctx.cookie(COOKIE);
        return id == null ? Optional.empty() : sessions.getAndTouch(id);
    }

    private static void setCookie(Context ctx, String id) {
        // Add "; Secure" when served over HTTPS.
        ctx.header("Set-Cookie", COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Lax");
    }

    private static boolean passwordMatches(String user, String password) {
        String expected = user == null ? null : PASSWORDS.get(user);
        return expected != null && password != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        DemoRedis redis = DemoRedis.open();
        CapstanRedis capstan = CapstanRedis.connect(redis.url());
        Javalin app = start(capstan, 8093);
        System.out.println("""
                Try (a cookie jar keeps the session id):
                  curl -si -c jar -b jar -X POST 'localhost:8093/cart?item=book'
                  curl -si -c jar -b jar -X POST localhost:8093/login -d user=alice -d password=wonderland
                  curl -si -c jar -b jar localhost:8093/me
                  curl -si -c jar -b jar -X POST localhost:8093/logout
                Ctrl-C stops it.""");
        WaitForCtrlC.thenClose(redis, capstan, app::stop);
    }
}
