package dev.capstan.examples.shortener;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.capstan.examples.shortener.LinkStore.AliasTakenException;
import dev.capstan.examples.shortener.LinkStore.Link;
import dev.capstan.examples.shortener.LinkStore.Target;
import dev.capstan.examples.shortener.TargetUrls.InvalidLinkException;
import dev.capstan.redis.ratelimit.RateLimitDecision;
import dev.capstan.redis.ratelimit.RateLimiter;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shortener's HTTP API:
 * <pre>
 * POST /links               {"url": "...", "alias": "optional", "ttlSeconds": optional}  201 | 400 | 409 | 429
 * GET  /{code}              302 (or 301) to the target, 404 for an unknown or expired code
 * GET  /links/{code}/stats  {"code", "url", "clicks", "uniqueVisitors", "expiresAt"}      200 | 404
 * POST /links/check         {"aliases": [...]} -> {"taken": [...]}: the bulk "is it taken?" question
 * </pre>
 */
final class ShortenerHttp {
    static final String VISITOR_COOKIE = "vid";
    private static final Pattern VISITOR_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final int MAX_CHECK = 1_000;

    record CreateRequest(String url, String alias, Long ttlSeconds) {}

    record Created(String code, String shortUrl, String url, String expiresAt) {}

    record CheckRequest(List<String> aliases) {}

    record Stats(String code, String url, long clicks, long uniqueVisitors, String expiresAt) {}

    private final LinkStore links;
    private final AliasDirectory aliases;
    private final RateLimiter creates;
    private final ShortenerOptions options;
    private final ObjectMapper json = new ObjectMapper();

    ShortenerHttp(LinkStore links, AliasDirectory aliases, RateLimiter creates, ShortenerOptions options) {
        this.links = links;
        this.aliases = aliases;
        this.creates = creates;
        this.options = options;
    }

    Javalin create() {
        return Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.jsonMapper(new JavalinJackson(json, false));
            c.http.maxRequestSize = 64 * 1024;
            c.routes.post("/links", this::createLink);
            c.routes.post("/links/check", this::check);
            c.routes.get("/links/{code}/stats", this::stats);
            c.routes.get("/{code}", this::redirect);
            c.routes.exception(InvalidLinkException.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
            c.routes.exception(JsonProcessingException.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST,
                    e instanceof UnrecognizedPropertyException u ? "unknown field '" + u.getPropertyName() + "'"
                            : "body must be JSON like {\"url\": \"https://...\"}"));
            c.routes.exception(AliasTakenException.class, (e, ctx) -> error(ctx, HttpStatus.CONFLICT, e.getMessage()));
        });
    }

    private void createLink(Context ctx) throws JsonProcessingException {
        RateLimitDecision limit = creates.tryAcquire(ctx.ip());
        if (!limit.allowed()) {
            ctx.header("Retry-After", Long.toString(limit.retryAfter().toSeconds() + 1));
            error(ctx, HttpStatus.TOO_MANY_REQUESTS, "too many links from " + ctx.ip() + "; try again later");
            return;
        }
        CreateRequest request = json.readValue(ctx.body(), CreateRequest.class);
        Duration ttl = request.ttlSeconds() == null ? null : Duration.ofSeconds(request.ttlSeconds());
        Link link = request.alias() == null
                ? links.create(request.url(), ttl)
                : aliases.claim(request.alias(), request.url(), ttl);
        String shortUrl = baseUrl(ctx) + link.code();
        ctx.status(HttpStatus.CREATED).header("Location", shortUrl).json(new Created(link.code(), shortUrl, link.url(),
                link.expiresAt() == null ? null : link.expiresAt().toString()));
    }

    // tag::redirect[]
    private void redirect(Context ctx) {
        Visitor visitor = visitor(ctx);
        // One script, one round trip: GET the link, XADD the click to its shard's log (see redirect.lua).
        Optional<Target> target = links.resolve(ctx.pathParam("code"), visitor.id());
        if (target.isEmpty()) {
            error(ctx, HttpStatus.NOT_FOUND, "no such link, or it has expired");
            return;
        }
        if (visitor.isNew()) {
            ctx.header("Set-Cookie", VISITOR_COOKIE + "=" + visitor.id() + "; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax");
        }
        // 301 is cached by browsers: only for links that never expire, and only if asked for.
        boolean permanent = options.permanentRedirects() && !target.get().expires();
        ctx.redirect(target.get().url(), permanent ? HttpStatus.MOVED_PERMANENTLY : HttpStatus.FOUND);
    }
    // end::redirect[]

    private void stats(Context ctx) {
        links.stats(ctx.pathParam("code")).ifPresentOrElse(s -> ctx.json(new Stats(s.code(), s.url(), s.clicks(),
                        s.uniqueVisitors(), s.expiresAt() == null ? null : s.expiresAt().toString())),
                () -> error(ctx, HttpStatus.NOT_FOUND, "no such link, or it has expired"));
    }

    private void check(Context ctx) throws JsonProcessingException {
        CheckRequest request = json.readValue(ctx.body(), CheckRequest.class);
        if (request.aliases() == null || request.aliases().size() > MAX_CHECK) {
            throw new InvalidLinkException("aliases must be a list of at most " + MAX_CHECK);
        }
        ctx.json(Map.of("taken", aliases.taken(request.aliases())));
    }

    private String baseUrl(Context ctx) {
        return options.publicBaseUrl() != null ? options.publicBaseUrl() : "http://" + ctx.host() + "/";
    }

    private static void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }

    /**
     * Who clicked, for the unique-visitor count: the id in the visitor's cookie, or for a first
     * visit (and for clients without cookies, such as curl) a hash of IP address and User-Agent,
     * which the cookie then keeps.
     */
    private record Visitor(String id, boolean isNew) {}

    private static Visitor visitor(Context ctx) {
        String cookie = ctx.cookie(VISITOR_COOKIE);
        if (cookie != null && VISITOR_ID.matcher(cookie).matches()) {
            return new Visitor(cookie, false);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(
                    (ctx.ip() + '|' + ctx.userAgent()).getBytes(StandardCharsets.UTF_8));
            return new Visitor(Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22), true);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
