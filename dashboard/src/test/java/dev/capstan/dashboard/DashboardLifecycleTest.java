package dev.capstan.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.api.JobStatus.State;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lifecycle API of the dashboard: a finished tracked job found by id, cancel with the CSRF token, cancelled jobs, batches. */
@ExtendWith(RedisExtension.class)
class DashboardLifecycleTest {

    static Dashboard start(RedisTestContext ctx, LifecycleScenario s) {
        return ctx.closeAfter(Dashboard.builder()
                .admin(s.capstan.admin())
                .lifecycle(s.capstan.jobs())
                .credentials(DashboardApiTest.USER, DashboardApiTest.PASSWORD)
                .host("127.0.0.1")
                .build().start(0));
    }

    @Test
    void aFinishedTrackedJobIsFoundByIdWithItsResultAndHistory(RedisTestContext ctx) throws Exception {
        LifecycleScenario s = new LifecycleScenario(ctx);
        Http http = DashboardApiTest.loggedIn(start(ctx, s));
        assertTrue(http.getJson("api/features").get("lifecycle").asBoolean());
        assertEquals(404, http.get("api/jobs/" + s.succeededId).statusCode(), "no longer in any queue");
        JsonNode status = http.getJson("api/jobs/" + s.succeededId + "/status");
        assertEquals("SUCCEEDED", status.get("state").asText());
        assertEquals("{\"rows\":700,\"file\":\"export-7.csv\"}", status.get("result").asText());
        List<String> states = new ArrayList<>();
        status.get("history").forEach(t -> states.add(t.get("state").asText()));
        assertEquals(List.of("WAITING", "RUNNING", "SUCCEEDED"), states);
        assertEquals(404, http.get("api/jobs/plain-id/status").statusCode());
    }

    @Test
    void cancellingNeedsTheCsrfTokenAndEndsTheJobCancelled(RedisTestContext ctx) throws Exception {
        LifecycleScenario s = new LifecycleScenario(ctx);
        Http http = DashboardApiTest.loggedIn(start(ctx, s));
        assertEquals(403, http.post("api/jobs/" + s.runningId + "/cancel", null).statusCode());
        assertEquals(State.RUNNING, s.capstan.jobs().status(s.runningId).orElseThrow().state());

        HttpResponse<String> running = http.post("api/jobs/" + s.runningId + "/cancel", http.csrf());
        assertEquals(200, running.statusCode());
        assertEquals("CANCEL_REQUESTED", Http.json(running).get("result").asText());
        assertEquals(State.CANCELLED, s.capstan.jobs().await(s.runningId, Duration.ofSeconds(10)).state());

        HttpResponse<String> waiting = http.post("api/jobs/" + s.waitingId + "/cancel", http.csrf());
        assertEquals("CANCELLED", Http.json(waiting).get("result").asText());
        JsonNode cancelled = http.getJson("api/queues/later/cancelled");
        assertEquals(1, cancelled.get("total").asInt());
        assertEquals(s.waitingId, cancelled.get("items").get(0).get("id").asText());
        assertEquals("CANCELLED", cancelled.get("items").get(0).get("state").asText());
        await().atMost(Duration.ofSeconds(5)).until(() -> http.getJson("api/queues/exports/cancelled").get("total").asInt() == 1);
        assertEquals(404, http.post("api/jobs/no-such-job/cancel", http.csrf()).statusCode());
    }

    @Test
    void aReadOnlyUserSeesStatusesAndBatchesButCannotCancel(RedisTestContext ctx) throws Exception {
        LifecycleScenario s = new LifecycleScenario(ctx);
        Dashboard d = ctx.closeAfter(Dashboard.builder().admin(s.capstan.admin()).lifecycle(s.capstan.jobs())
                .credentials(DashboardApiTest.USER, DashboardApiTest.PASSWORD)
                .readOnlyCredentials("viewer", "look-but-do-not-touch").build().start(0));
        Http viewer = new Http(d);
        assertEquals(303, viewer.login("viewer", "look-but-do-not-touch").statusCode());
        assertEquals("SUCCEEDED", viewer.getJson("api/jobs/" + s.succeededId + "/status").get("state").asText());
        assertEquals(2, viewer.getJson("api/batches").get("total").asInt());
        for (String id : List.of(s.runningId, s.waitingId)) {
            HttpResponse<String> r = viewer.post("api/jobs/" + id + "/cancel", viewer.csrf());
            assertEquals(403, r.statusCode(), r.body());
            assertTrue(Http.json(r).get("error").asText().startsWith("read-only"), r.body());
        }
        assertEquals(State.RUNNING, s.capstan.jobs().status(s.runningId).orElseThrow().state());
        assertEquals(State.WAITING, s.capstan.jobs().status(s.waitingId).orElseThrow().state());
        assertEquals(0, viewer.getJson("api/queues/later/cancelled").get("total").asInt());

        // The host and origin guard covers the lifecycle routes as every other: a rebound page, or a page of
        // another origin with an admin's session and token, cannot cancel.
        Http admin = DashboardApiTest.loggedIn(d);
        String token = admin.csrf();
        RawHttp.Response rebound = RawHttp.send(d.port(), RawHttp.request("POST", "/api/jobs/" + s.waitingId + "/cancel",
                "attacker.example:" + d.port(), "", SessionAuth.CSRF_HEADER + ": " + token, "Cookie: " + admin.cookie));
        assertEquals(403, rebound.status(), rebound.body());
        RawHttp.Response crossSite = RawHttp.send(d.port(), RawHttp.request("POST", "/api/jobs/" + s.waitingId + "/cancel",
                "127.0.0.1:" + d.port(), "", SessionAuth.CSRF_HEADER + ": " + token, "Cookie: " + admin.cookie,
                "Origin: http://attacker.example"));
        assertEquals(403, crossSite.status(), crossSite.body());
        assertEquals(State.WAITING, s.capstan.jobs().status(s.waitingId).orElseThrow().state());
        assertEquals(200, admin.post("api/jobs/" + s.waitingId + "/cancel", token).statusCode(), "an admin of the page may");
    }

    @Test
    void batchesAreListedWithTheirProgress(RedisTestContext ctx) throws Exception {
        LifecycleScenario s = new LifecycleScenario(ctx);
        Http http = DashboardApiTest.loggedIn(start(ctx, s));
        JsonNode page = http.getJson("api/batches");
        assertEquals(2, page.get("total").asInt());
        JsonNode open = page.get("items").get(0);
        assertEquals(s.openBatch.id(), open.get("id").asText(), "most recent first");
        assertEquals(2, open.get("total").asInt());
        assertEquals(2, open.get("pending").asInt());
        assertFalse(open.get("sealed").asBoolean());
        JsonNode done = http.getJson("api/batches/" + s.doneBatch.id());
        assertEquals("import 2024-05", done.get("description").asText());
        assertEquals(5, done.get("succeeded").asInt());
        assertTrue(done.get("succeededAt").asLong() > 0);
    }

    @Test
    void withoutALifecycleTheRoutesAnswer404(RedisTestContext ctx) throws Exception {
        LifecycleScenario s = new LifecycleScenario(ctx);
        Dashboard d = ctx.closeAfter(Dashboard.builder().admin(s.capstan.admin())
                .credentials(DashboardApiTest.USER, DashboardApiTest.PASSWORD).host("127.0.0.1").build().start(0));
        Http http = DashboardApiTest.loggedIn(d);
        assertFalse(http.getJson("api/features").get("lifecycle").asBoolean());
        assertEquals(404, http.get("api/batches").statusCode());
        assertEquals(404, http.post("api/jobs/" + s.runningId + "/cancel", http.csrf()).statusCode());
        assertEquals(State.RUNNING, s.capstan.jobs().status(s.runningId).orElseThrow().state());
    }
}
