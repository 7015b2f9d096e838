package dev.capstan.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.redis.counter.TimeSeriesCounter;
import dev.capstan.redis.flags.FeatureFlags;
import dev.capstan.redis.gates.JobGates;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One bad value harms only itself: a page still shows everything else, and a bad request gets a clean 400 (issue 11). */
@ExtendWith(RedisExtension.class)
class DashboardBadValuesTest {
    static final String BAD_MEMBER = "bad name<x>";

    /** A queue key of the wrong type and a stray member of the queue registry, written past Capstan. */
    static void breakTwoQueues(Scenario s) {
        s.capstan.redis().set(s.capstan.settings().keys("zz").pending(), "x");
        s.capstan.redis().sadd(s.capstan.namespace().plain("queues"), "zz", BAD_MEMBER);
    }

    static Dashboard start(RedisTestContext ctx, Scenario s) {
        FeatureFlags flags = ctx.closeAfter(new FeatureFlags(s.capstan.redis(), s.capstan.namespace()));
        return ctx.closeAfter(Dashboard.builder().admin(s.admin).workers(s.capstan.workers())
                .controls(new JobGates(flags))
                .stats(new TimeSeriesCounter(s.capstan.redis(), s.capstan.namespace()))
                .credentials(DashboardApiTest.USER, DashboardApiTest.PASSWORD)
                .build().start(0));
    }

    @Test
    void aWrongTypeKeyAndAStrayRegistryMemberAreMarkedWhileTheHealthyQueuesShow(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        breakTwoQueues(s);
        Http http = DashboardApiTest.loggedIn(start(ctx, s));

        Map<String, JsonNode> queues = DashboardApiTest.queuesByName(http);
        assertEquals(3, queues.get("reports").get("size").asLong(), "the healthy queues are all there");
        assertTrue(queues.get("reports").get("error").isNull());
        assertEquals(2, queues.get("default").get("dead").asLong());
        String wrongType = queues.get("zz").get("error").asText();
        assertTrue(wrongType.contains(":{zz}:pending") && wrongType.contains("WRONGTYPE"), wrongType);
        assertTrue(queues.get(BAD_MEMBER).get("error").asText().contains("not a valid queue name"));

        JsonNode stats = http.getJson("api/stats");
        assertTrue(stats.get("queues").has("reports") && !stats.get("queues").has(BAD_MEMBER), stats.toString());
        assertTrue(http.getJson("api/queues/zz").get("error").asText().contains("WRONGTYPE"));

        // Reading the broken queue's jobs fails, without Redis' or Java's text in the answer.
        HttpResponse<String> waiting = http.get("api/queues/zz/waiting");
        assertEquals(500, waiting.statusCode());
        assertTrue(waiting.body().contains("reference") && !waiting.body().contains("WRONGTYPE")
                && !waiting.body().contains("Exception"), waiting.body());
    }

    @Test
    void namesAreCheckedOnEveryRouteAndABadOneWritesNothing(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Http http = DashboardApiTest.loggedIn(start(ctx, s));
        String csrf = http.csrf();
        String bad = URLEncoder.encode(BAD_MEMBER, StandardCharsets.UTF_8).replace("+", "%20");
        for (String path : List.of("api/queues/" + bad, "api/queues/" + bad + "/waiting", "api/queues/" + bad + "/in-flight",
                "api/queues/" + bad + "/scheduled", "api/queues/" + bad + "/dead", "api/queues/" + bad + "/stats",
                "api/jobs/a%0Ab")) {
            HttpResponse<String> r = http.get(path);
            assertEquals(400, r.statusCode(), path + " " + r.body());
        }
        for (String path : List.of("api/queues/" + bad + "/pause", "api/queues/" + bad + "/resume",
                "api/queues/" + bad + "/purge", "api/queues/" + bad + "/dead/retry-all", "api/queues/" + bad + "/dead/x/retry",
                "api/types/a%0Ab/switch-off", "api/types/a%0Ab/switch-on", "api/types/" + "t".repeat(201) + "/switch-off",
                "api/workers/a%0Ab/quiet", "api/jobs/a%0Ab/delete")) {
            HttpResponse<String> r = http.post(path, csrf);
            assertEquals(400, r.statusCode(), path + " " + r.body());
            assertTrue(Http.json(r).get("error").asText().startsWith("invalid"), r.body());
        }
        FeatureFlags flags = ctx.closeAfter(new FeatureFlags(s.capstan.redis(), s.capstan.namespace()));
        assertTrue(flags.list().isEmpty(), "no flag was written for a name no read accepts: " + flags.list());
        assertEquals(200, http.post("api/queues/reports/pause", csrf).statusCode(), "a good name still works");
    }

    @Test
    void aBrokenMultipartLoginAnswers400WithoutTheServersText(RedisTestContext ctx) {
        Dashboard d = start(ctx, new Scenario(ctx));
        String body = "--XYZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nops\r\n--XYZ\r\nContent-Disposition: form-da";
        RawHttp.Response r = RawHttp.send(d.port(), RawHttp.request("POST", "/login", "127.0.0.1:" + d.port(), body,
                "Content-Type: multipart/form-data; boundary=XYZ"));
        assertEquals(400, r.status(), r.body());
        assertEquals("The login form could not be read.", r.body());
        assertNotNull(r.header("Content-Security-Policy"));
    }

    @Test
    void jettysOwnErrorPagesCarryTheSecurityHeaders(RedisTestContext ctx) {
        Dashboard d = start(ctx, new Scenario(ctx));
        RawHttp.Response tooLarge = RawHttp.send(d.port(), RawHttp.request("GET", "/login", "127.0.0.1:" + d.port(), null,
                "X-Big: " + "b".repeat(64 * 1024)));
        assertEquals(431, tooLarge.status());
        RawHttp.Response badLine = RawHttp.send(d.port(), "GET /login HTTP/1.1 nonsense\r\nHost: 127.0.0.1\r\n\r\n");
        assertEquals(400, badLine.status());
        for (RawHttp.Response r : List.of(tooLarge, badLine)) {
            SecurityHeaders.HEADERS.forEach((name, value) -> assertEquals(value, r.header(name), name + " on " + r.status()));
            assertFalse(r.body().contains("at org.eclipse") || r.body().contains("Exception"), r.body());
        }
    }
}
