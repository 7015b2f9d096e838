package dev.capstan.examples.shortener;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.api.JacksonJobCodec;
import dev.capstan.examples.TestHttp;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.UnifiedJedis;

/** The URL shortener over HTTP against real Redis, with its click aggregation running in a real worker. */
@ExtendWith(RedisExtension.class)
class ShortenerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ShortenerOptions GENEROUS = ShortenerOptions.defaults().withCreateLimit(6_000, 100);

    private CapstanRedis capstan;

    private Shortener start(RedisTestContext ctx, ShortenerOptions options) {
        capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())), new JacksonJobCodec());
        return ctx.closeAfter(Shortener.start(capstan, options, 0));
    }

    private static JsonNode create(TestHttp http, String body, int expectedStatus) throws Exception {
        HttpResponse<String> r = http.post("/links", body, "Content-Type", "application/json");
        assertEquals(expectedStatus, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void createsCodesFromTheCounterAndRedirects(RedisTestContext ctx) throws Exception {
        TestHttp http = new TestHttp(start(ctx, GENEROUS).port());
        JsonNode first = create(http, "{\"url\": \"https://example.com/one\"}", 201);
        JsonNode second = create(http, "{\"url\": \"https://example.com/two\"}", 201);
        assertEquals("1", first.get("code").asText());
        assertEquals("2", second.get("code").asText());
        assertTrue(first.get("shortUrl").asText().endsWith("/1"));
        assertTrue(first.get("expiresAt").isNull());

        HttpResponse<String> redirect = http.get("/2");
        assertEquals(302, redirect.statusCode());
        assertEquals("https://example.com/two", redirect.headers().firstValue("Location").orElseThrow());
        assertEquals(404, http.get("/3").statusCode(), "not created yet");
        assertEquals(404, http.get("/no-such-alias").statusCode());
        assertEquals(404, http.get("/links/3/stats").statusCode());
    }

    @Test
    void aTakenAliasIsAConflictAndInvalidInputIsRefused(RedisTestContext ctx) throws Exception {
        TestHttp http = new TestHttp(start(ctx, GENEROUS).port());
        assertEquals("spring-sale", create(http, "{\"url\": \"https://shop.example/sale\", \"alias\": \"spring-sale\"}", 201)
                .get("code").asText());
        JsonNode conflict = create(http, "{\"url\": \"https://evil.example\", \"alias\": \"spring-sale\"}", 409);
        assertTrue(conflict.get("error").asText().contains("taken"));
        assertEquals("https://shop.example/sale", http.get("/spring-sale").headers().firstValue("Location").orElseThrow(),
                "the first claim keeps the alias");

        create(http, "{\"url\": \"https://a.example\", \"alias\": \"1abc\"}", 400);          // generated codes start with a digit
        create(http, "{\"url\": \"https://a.example\", \"alias\": \"a/b\"}", 400);
        create(http, "{\"url\": \"javascript:alert(1)\"}", 400);
        create(http, "{\"url\": \"JavaScript:alert(1)\"}", 400);
        create(http, "{\"url\": \"java\\tscript:alert(1)\"}", 400);
        create(http, "{\"url\": \"data:text/html,<script>alert(1)</script>\"}", 400);
        create(http, "{\"url\": \"https://bank.example@evil.example/\"}", 400);
        create(http, "{\"url\": \"/relative\"}", 400);
        create(http, "{\"url\": \"https://example.com/" + "a".repeat(TargetUrls.MAX_LENGTH) + "\"}", 400);
        create(http, "{\"url\": \"https://example.com\", \"ttlSeconds\": 0}", 400);
        create(http, "{\"url\": \"https://example.com\", \"colour\": \"red\"}", 400);
        create(http, "not json", 400);
        assertEquals(1, create(http, "{\"url\": \"https://example.com\"}", 201).get("code").asInt(),
                "refused requests used no code");
    }

    @Test
    void anExpiredLinkIsGoneWithItsStatistics(RedisTestContext ctx) throws Exception {
        TestHttp http = new TestHttp(start(ctx, GENEROUS).port());
        JsonNode link = create(http, "{\"url\": \"https://example.com/flash\", \"alias\": \"flash\", \"ttlSeconds\": 2}", 201);
        assertFalse(link.get("expiresAt").isNull());
        assertEquals(302, http.get("/flash").statusCode());
        new ClickAggregator(capstan.redis(), new LinkKeys(capstan.namespace())).aggregate(LinkKeys.shard("flash"));
        assertEquals(1, stats(http, "flash").get("clicks").asLong(), "counted (here at once, not waiting for the job)");

        await().atMost(Duration.ofSeconds(6)).until(() -> http.get("/flash").statusCode() == 404);
        assertEquals(404, http.get("/links/flash/stats").statusCode());
        assertTrue(ctx.keys().stream().noneMatch(k -> k.endsWith(":flash")), "counter and visitors expired with the link: " + ctx.keys());
        // The alias is free again.
        create(http, "{\"url\": \"https://example.com/again\", \"alias\": \"flash\"}", 201);
    }

    @Test
    void permanentRedirectsAreOnlyForLinksThatNeverExpire(RedisTestContext ctx) throws Exception {
        TestHttp http = new TestHttp(start(ctx, GENEROUS.withPermanentRedirects(true)).port());
        create(http, "{\"url\": \"https://example.com/forever\", \"alias\": \"forever\"}", 201);
        create(http, "{\"url\": \"https://example.com/soon\", \"alias\": \"soon\", \"ttlSeconds\": 600}", 201);
        assertEquals(301, http.get("/forever").statusCode());
        assertEquals(302, http.get("/soon").statusCode(), "a browser must not cache a redirect that will expire");
    }

    @Test
    void clicksAreCountedByTheWorkerWithUniqueVisitors(RedisTestContext ctx) throws Exception {
        TestHttp http = new TestHttp(start(ctx, GENEROUS).port());
        create(http, "{\"url\": \"https://example.com/popular\", \"alias\": \"popular\"}", 201);
        create(http, "{\"url\": \"https://example.com/quiet\", \"alias\": \"quiet\"}", 201);
        for (int i = 0; i < 30; i++) {
            String visitor = "visitor-" + (i % 7) + "-0123456789";   // 7 visitors with cookies, 30 clicks
            assertEquals(302, http.get("/popular", "Cookie", ShortenerHttp.VISITOR_COOKIE + "=" + visitor).statusCode());
        }
        HttpResponse<String> cookieless = http.get("/quiet");
        assertTrue(cookieless.headers().firstValue("Set-Cookie").orElseThrow().startsWith("vid="), "a first visit gets an id");
        http.get("/quiet");   // curl-like: no cookie again, same IP and agent, so the same visitor

        await().atMost(Duration.ofSeconds(10)).until(() -> stats(http, "popular").path("clicks").asLong() == 30
                && stats(http, "quiet").path("clicks").asLong() == 2);
        assertEquals(7, stats(http, "popular").get("uniqueVisitors").asLong());
        assertEquals(1, stats(http, "quiet").get("uniqueVisitors").asLong());
        UnifiedJedis redis = capstan.redis();
        LinkKeys keys = new LinkKeys(capstan.namespace());
        assertEquals(0, redis.xlen(keys.clickLog(LinkKeys.shard("popular"))), "the click log is emptied as it is counted");
        assertTrue(capstan.admin().queue(Shortener.QUEUE).dead() == 0, "no aggregation job failed");
    }

    @Test
    void twoAggregatorsRacingCountEveryClickOnce(RedisTestContext ctx) throws Exception {
        capstan = new CapstanRedis(ctx.newClient(), QueueSettings.defaults(new Namespace(ctx.namespace())), new JacksonJobCodec());
        LinkStore links = new LinkStore(capstan.redis(), capstan.namespace());
        links.claim("raced", "https://example.com", null);
        int clicks = 5_000;
        for (int i = 0; i < clicks; i++) {
            links.resolve("raced", "v" + (i % 100));
        }
        ClickAggregator a = new ClickAggregator(capstan.redis(), links.keys());
        ClickAggregator b = new ClickAggregator(capstan.redis(), links.keys());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            int shard = LinkKeys.shard("raced");
            List<Future<Long>> counted = pool.invokeAll(List.of(() -> a.aggregate(shard), () -> b.aggregate(shard)));
            assertEquals(clicks, counted.get(0).get() + counted.get(1).get());
        } finally {
            pool.shutdownNow();
        }
        LinkStore.LinkStats stats = links.stats("raced").orElseThrow();
        assertEquals(clicks, stats.clicks());
        assertEquals(100, stats.uniqueVisitors(), 2);
    }

    @Test
    void linkCreationIsRateLimitedPerClient(RedisTestContext ctx) throws Exception {
        TestHttp http = new TestHttp(start(ctx, ShortenerOptions.defaults().withCreateLimit(3, 3)).port());
        for (int i = 0; i < 3; i++) {
            create(http, "{\"url\": \"https://example.com/" + i + "\"}", 201);
        }
        HttpResponse<String> limited = http.post("/links", "{\"url\": \"https://example.com/3\"}");
        assertEquals(429, limited.statusCode());
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 21, "3 per minute: the next one in about 20 s, was " + retryAfter);
        assertEquals(404, http.get("/4").statusCode(), "a refused request creates nothing");
        assertEquals(302, http.get("/1").statusCode(), "redirects are not limited");
    }

    @Test
    void bulkImportAsksTheBloomFilterBeforeLookingUp(RedisTestContext ctx) throws Exception {
        Shortener shortener = start(ctx, GENEROUS);
        AliasDirectory aliases = shortener.aliases();
        for (int i = 0; i < 50; i++) {
            aliases.claim("taken-" + i, "https://example.com/" + i, null);
        }
        List<AliasDirectory.ImportItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < 1_000; i++) {   // 50 taken, 950 new
            items.add(new AliasDirectory.ImportItem(i < 50 ? "taken-" + i : "new-" + i, "https://example.com/n" + i, null));
        }
        items.add(new AliasDirectory.ImportItem("bad-url", "javascript:alert(1)", null));
        AliasDirectory.ImportReport report = aliases.importAll(items);

        assertEquals(950, report.created().size());
        assertEquals(50, report.taken().size());
        assertEquals(List.of("bad-url"), report.invalid());
        assertTrue(report.lookupsSkipped() >= 900, "at 1% false positives nearly all 950 new aliases skip the lookup: "
                + report.lookupsSkipped());
        assertTrue(shortener.links().resolve("new-999", "v").isPresent());
        assertEquals("https://example.com/0", shortener.links().resolve("taken-0", "v").orElseThrow().url(), "not overwritten");

        TestHttp http = new TestHttp(shortener.port());
        JsonNode check = JSON.readTree(http.post("/links/check", "{\"aliases\": [\"taken-1\", \"new-60\", \"never-seen\"]}").body());
        assertEquals(List.of("taken-1", "new-60"), JSON.convertValue(check.get("taken"), List.class));
    }

    private static JsonNode stats(TestHttp http, String code) throws Exception {
        HttpResponse<String> r = http.get("/links/" + code + "/stats");
        assertNotEquals(500, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }
}
