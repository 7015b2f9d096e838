package dev.capstan.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class DashboardApiTest {
    static final String USER = "ops";
    static final String PASSWORD = "correct horse battery staple";

    static Dashboard start(RedisTestContext ctx, Scenario s) {
        return ctx.closeAfter(Dashboard.builder()
                .admin(s.admin)
                .workers(new PresenceWorkerDirectory(s.capstan.workers()))
                .credentials(USER, PASSWORD)
                .host("127.0.0.1")
                .build().start(0));
    }

    static Http loggedIn(Dashboard d) {
        Http http = new Http(d);
        assertEquals(303, http.login(USER, PASSWORD).statusCode());
        return http;
    }

    static Map<String, JsonNode> queuesByName(Http http) {
        Map<String, JsonNode> byName = new HashMap<>();
        http.getJson("api/queues").forEach(q -> byName.put(q.get("name").asText(), q));
        return byName;
    }

    @Test
    void withoutASessionTheApiAnswers401AndThePageRedirectsToTheLoginForm(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Dashboard d = start(ctx, s);
        Http http = new Http(d);
        assertTrue(d.port() > 0);
        for (String path : List.of("api/queues", "api/queues/default/dead", "api/jobs/x", "api/workers", "api/session")) {
            HttpResponse<String> r = http.get(path);
            assertEquals(401, r.statusCode(), path);
            assertEquals("login required", Http.json(r).get("error").asText());
        }
        assertEquals(401, http.post("api/queues/reports/purge", null).statusCode());
        HttpResponse<String> page = http.get("");
        assertEquals(302, page.statusCode());
        assertTrue(page.headers().firstValue("Location").orElseThrow().endsWith("login"));
        HttpResponse<String> form = http.get("login");
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("name=\"password\""));
        assertTrue(form.headers().firstValue("Content-Security-Policy").orElseThrow().contains("script-src 'self'"));
        assertEquals(3, s.admin.queue("reports").size(), "nothing was purged without a session");
    }

    @Test
    void aWrongPasswordOrUserGetsNoSession(RedisTestContext ctx) {
        Dashboard d = start(ctx, new Scenario(ctx));
        for (String[] attempt : new String[][] {{USER, "wrong"}, {"root", PASSWORD}, {USER, ""}, {USER, PASSWORD + "x"}}) {
            Http http = new Http(d);
            HttpResponse<String> r = http.login(attempt[0], attempt[1]);
            assertEquals(303, r.statusCode());
            assertTrue(r.headers().firstValue("Location").orElseThrow().endsWith("login?failed"));
            assertTrue(r.headers().firstValue("Set-Cookie").isEmpty());
            assertEquals(401, http.get("api/queues").statusCode());
        }
    }

    @Test
    void loginSetsAStrictHttpOnlyCookieAndQueuesShowTheirRealCounts(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Dashboard d = start(ctx, s);
        Http http = new Http(d);
        HttpResponse<String> login = http.login(USER, PASSWORD);
        assertEquals(303, login.statusCode());
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith(SessionAuth.COOKIE + "="));
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertEquals(200, http.get("").statusCode());

        Map<String, JsonNode> queues = queuesByName(http);
        JsonNode reports = queues.get("reports");
        assertEquals(3, reports.get("size").asLong());
        assertEquals(1, reports.get("scheduled").asLong());
        assertEquals(0, reports.get("dead").asLong());
        assertTrue(reports.get("latencyMillis").asLong() >= 0);
        JsonNode dflt = queues.get("default");
        assertEquals(2, dflt.get("dead").asLong());
        assertEquals(1, dflt.get("inFlight").asLong());
        assertEquals(0, dflt.get("size").asLong());
        assertFalse(dflt.get("paused").asBoolean());
        assertEquals(3, http.getJson("api/queues/reports").get("size").asLong());
        // Who serves what (issue 9, item 6): no live worker lists "reports", one serves "default".
        assertEquals(0, http.getJson("api/queues/reports").get("servingWorkers").asInt());
        assertEquals(1, queuesByName(http).get("default").get("servingWorkers").asInt());
        assertEquals(USER, http.getJson("api/session").get("user").asText());
    }

    @Test
    void listingsArePagedAndAJobShowsItsArgumentsAndError(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Http http = loggedIn(start(ctx, s));
        JsonNode first = http.getJson("api/queues/reports/waiting?offset=0&limit=2");
        assertEquals(2, first.get("items").size());
        assertEquals(3, first.get("total").asLong());
        JsonNode second = http.getJson("api/queues/reports/waiting?offset=2&limit=2");
        assertEquals(1, second.get("items").size());
        assertEquals(2, second.get("offset").asLong());
        assertEquals(s.scheduledId, http.getJson("api/queues/reports/scheduled").get("items").get(0).get("id").asText());
        JsonNode inFlight = http.getJson("api/queues/default/in-flight").get("items").get(0);
        assertEquals(s.inFlightId, inFlight.get("id").asText());
        assertEquals(s.worker.id(), inFlight.get("workerId").asText());
        assertEquals(2, http.getJson("api/queues/default/dead").get("total").asLong());

        JsonNode dead = http.getJson("api/jobs/" + s.deadIds.get(0));
        assertEquals("DEAD", dead.get("state").asText());
        assertEquals("explode", dead.get("type").asText());
        assertEquals(1, dead.get("attempt").asInt(), "attempts count from 1: it died on its first and only one");
        assertEquals(0, dead.get("args").get("n").asInt(), "arguments are embedded as JSON, not as a string");
        assertEquals(IllegalStateException.class.getName(), dead.get("lastError").get("className").asText());
        assertEquals("report 0 exploded", dead.get("lastError").get("message").asText());
        assertTrue(dead.get("lastError").get("stackTrace").asText().contains("at dev.capstan"));

        assertEquals(404, http.get("api/jobs/no-such-job").statusCode());
        assertEquals(400, http.get("api/queues/reports/waiting?limit=0").statusCode());
        assertEquals(400, http.get("api/queues/reports/waiting?offset=abc").statusCode());
    }

    @Test
    void actionsNeedPostAndTheSessionsCsrfToken(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Dashboard d = start(ctx, s);
        Http http = loggedIn(d);
        String retry = "api/queues/default/dead/" + s.deadIds.get(0) + "/retry";
        assertEquals(403, http.post(retry, null).statusCode());
        assertEquals(403, http.post(retry, "not-the-token").statusCode());
        Http other = loggedIn(d);
        assertEquals(403, http.post(retry, other.csrf()).statusCode(), "another session's token does not count");
        assertEquals(403, http.post("api/queues/reports/purge", null).statusCode());
        assertEquals(403, http.post("api/jobs/" + s.scheduledId + "/delete", "").statusCode());
        assertTrue(http.get(retry).statusCode() >= 400, "a GET never retries");
        assertEquals(2, s.admin.queue("default").dead());
        assertEquals(3, s.admin.queue("reports").size());
        assertTrue(s.admin.find(s.scheduledId).isPresent());
    }

    @Test
    void retryingADeadJobThroughTheApiMovesItBackToItsQueue(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Http http = loggedIn(start(ctx, s));
        String id = s.deadIds.get(0);
        HttpResponse<String> r = http.post("api/queues/default/dead/" + id + "/retry", http.csrf());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, Http.json(r).get("retried").asInt());
        assertEquals(1, s.admin.queue("default").dead());
        // Back in its queue, the worker runs it again; this time it succeeds and is gone.
        await().atMost(Duration.ofSeconds(10)).until(() -> s.admin.find(id).isEmpty());
        assertEquals(1, queuesByName(http).get("default").get("dead").asLong());
        assertEquals(404, http.post("api/queues/default/dead/" + id + "/retry", http.csrf()).statusCode());

        HttpResponse<String> all = http.post("api/queues/default/dead/retry-all", http.csrf());
        assertEquals(200, all.statusCode());
        assertEquals(1, Http.json(all).get("retried").asInt());
        await().atMost(Duration.ofSeconds(10)).until(() -> s.admin.find(s.deadIds.get(1)).isEmpty());
        assertEquals(0, queuesByName(http).get("default").get("dead").asLong());
    }

    @Test
    void purgeDeletesTheWaitingJobsAndDeleteRemovesOne(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Http http = loggedIn(start(ctx, s));
        String csrf = http.csrf();
        HttpResponse<String> purge = http.post("api/queues/reports/purge", csrf);
        assertEquals(200, purge.statusCode());
        assertEquals(3, Http.json(purge).get("purged").asInt());
        JsonNode reports = http.getJson("api/queues/reports");
        assertEquals(0, reports.get("size").asLong());
        assertEquals(1, reports.get("scheduled").asLong(), "purge leaves scheduled jobs alone");
        assertTrue(s.waitingIds.stream().allMatch(id -> s.admin.find(id).isEmpty()));

        assertEquals(200, http.post("api/jobs/" + s.scheduledId + "/delete", csrf).statusCode());
        assertTrue(s.admin.find(s.scheduledId).isEmpty());
        assertEquals(404, http.post("api/jobs/" + s.scheduledId + "/delete", csrf).statusCode());
        assertEquals(404, http.get("api/jobs/" + s.scheduledId).statusCode());
    }

    @Test
    void workersShowTheOnlineWorkerWithWhatItSaysAboutItself(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Http http = loggedIn(start(ctx, s));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode workers = http.getJson("api/workers");
            assertEquals(1, workers.size());
            JsonNode w = workers.get(0);
            assertEquals(s.worker.id(), w.get("id").asText());
            JsonNode info = w.get("info");
            assertEquals("default", info.get("queues").asText());
            assertEquals("2", info.get("concurrency").asText());
            // "busy" is the worker's own figure (it also counts a slot reserved by a fetch in progress).
            int busy = info.get("busy").asInt();
            assertTrue(busy >= 1 && busy <= 2, "busy " + busy);
            assertEquals("RUNNING", info.get("state").asText());
            assertEquals(s.inFlightId, info.get("jobs").asText());
            assertNotNull(info.get("host"));
        });
    }

    @Test
    void logoutEndsTheSessionAndAnIdleSessionExpires(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Dashboard d = start(ctx, s);
        Http http = loggedIn(d);
        assertEquals(200, http.get("api/queues").statusCode());
        HttpResponse<String> out = http.post("api/logout", http.csrf());
        assertEquals(200, out.statusCode());
        assertTrue(out.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        assertEquals(401, http.get("api/queues").statusCode(), "the old cookie no longer opens anything");

        Dashboard shortSessions = ctx.closeAfter(Dashboard.builder().admin(s.admin).credentials(USER, PASSWORD)
                .sessionIdleTimeout(Duration.ofMillis(300)).build().start(0));
        Http idle = loggedIn(shortSessions);
        assertEquals(200, idle.get("api/queues").statusCode());
        await().pollDelay(Duration.ofMillis(400)).atMost(Duration.ofSeconds(5))
                .until(() -> idle.get("api/queues").statusCode() == 401);
    }

    @Test
    void insecureModeNeedsNoLoginButActionsStillNeedTheCsrfToken(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Dashboard d = ctx.closeAfter(Dashboard.builder().admin(s.admin).insecureNoAuth().build().start(0));
        Http http = new Http(d);
        assertEquals(200, http.get("").statusCode());
        assertEquals(3, queuesByName(http).get("reports").get("size").asLong());
        assertFalse(http.getJson("api/session").get("auth").asBoolean());
        assertEquals(403, http.post("api/queues/reports/purge", null).statusCode());
        assertEquals(3, s.admin.queue("reports").size());
        assertEquals(200, http.post("api/queues/reports/purge", http.csrf()).statusCode());
        assertEquals(0, s.admin.queue("reports").size());
    }

    @Test
    void optionalExtrasAppearOnlyWhenGiven(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Http plain = loggedIn(start(ctx, s));
        assertFalse(plain.getJson("api/features").get("schedules").asBoolean());
        assertEquals(404, plain.get("api/schedules").statusCode());
        assertEquals(404, plain.get("api/flags").statusCode());
        assertEquals(0, plain.getJson("api/progress").size());

        Dashboard full = ctx.closeAfter(Dashboard.builder().admin(s.admin).credentials(USER, PASSWORD)
                .progress(() -> Map.of(s.inFlightId, "40% rendering"))
                .schedules(() -> List.of(Map.of("name", "nightly", "cron", "0 3 * * *")))
                .flags(() -> Map.of("new-billing", "on"))
                .build().start(0));
        Http http = loggedIn(full);
        JsonNode features = http.getJson("api/features");
        assertTrue(features.get("progress").asBoolean() && features.get("schedules").asBoolean() && features.get("flags").asBoolean());
        assertEquals("40% rendering", http.getJson("api/progress").get(s.inFlightId).asText());
        assertEquals("40% rendering", http.getJson("api/queues/default/in-flight").get("items").get(0).get("progress").asText());
        assertEquals("nightly", http.getJson("api/schedules").get(0).get("name").asText());
        assertEquals("on", http.getJson("api/flags").get("new-billing").asText());
    }

    @Test
    void theBuilderRefusesToStartWithoutALoginUnlessToldSo(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        assertThrows(IllegalStateException.class, () -> Dashboard.builder().admin(s.admin).build());
        assertThrows(IllegalStateException.class, () -> Dashboard.builder().credentials(USER, PASSWORD).build());
        assertThrows(IllegalStateException.class, () -> Dashboard.builder().admin(s.admin).credentials(USER, PASSWORD).insecureNoAuth().build());
        assertThrows(IllegalArgumentException.class, () -> Dashboard.builder().credentials(USER, ""));
    }
}
