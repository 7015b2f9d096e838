package dev.capstan.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DNS rebinding, cross-site POSTs, the default bind address and the read-only role (issue 11). */
@ExtendWith(RedisExtension.class)
class DashboardHostAndRoleTest {

    private static RawHttp.Response send(Dashboard d, String method, String path, String host, String... headers) {
        return RawHttp.send(d.port(), RawHttp.request(method, path, host, method.equals("POST") ? "" : null, headers));
    }

    @Test
    void aRebindingPageGetsNeitherTheTokenNorAPurgeEvenWithoutALogin(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Dashboard d = ctx.closeAfter(Dashboard.builder().admin(s.admin).insecureNoAuth().build().start(0));
        String own = "localhost:" + d.port();

        RawHttp.Response session = send(d, "GET", "/api/session", "attacker.example:" + d.port());
        assertEquals(403, session.status());
        assertFalse(session.body().contains("csrfToken"), session.body());
        assertEquals(403, send(d, "GET", "/", "attacker.example").status());
        assertEquals(403, send(d, "GET", "/assets/app.js", "attacker.example").status());
        RawHttp.Response noHost = send(d, "GET", "/api/session", null); // HTTP/1.1 requires one: Jetty answers 400 itself
        assertTrue(noHost.status() == 400 && !noHost.body().contains("csrfToken"), noHost.status() + " " + noHost.body());

        // Even with the token (read from the real page), a purge from the rebound name is refused.
        String token = Http.json(new Http(d).get("api/session")).get("csrfToken").asText();
        RawHttp.Response purge = send(d, "POST", "/api/queues/reports/purge", "attacker.example:" + d.port(),
                SessionAuth.CSRF_HEADER + ": " + token);
        assertEquals(403, purge.status());
        // A page of another origin posting to the right host is refused too.
        for (String origin : List.of("http://attacker.example", "null", "http://127.0.0.1:1")) {
            assertEquals(403, send(d, "POST", "/api/queues/reports/purge", own, SessionAuth.CSRF_HEADER + ": " + token,
                    "Origin: " + origin).status(), origin);
        }
        assertEquals(3, s.admin.queue("reports").size(), "nothing was purged");

        // The dashboard's own page, by a loopback name or an IP address, works.
        assertEquals(200, send(d, "GET", "/api/session", "127.0.0.1:" + d.port()).status());
        assertEquals(200, send(d, "GET", "/api/session", "[::1]:" + d.port()).status());
        assertEquals(200, send(d, "POST", "/api/queues/reports/purge", own, SessionAuth.CSRF_HEADER + ": " + token,
                "Origin: http://" + own).status());
        assertEquals(0, s.admin.queue("reports").size());
    }

    @Test
    void configuredHostNamesAreAnsweredAndAProxysOriginIsAccepted(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Dashboard d = ctx.closeAfter(Dashboard.builder().admin(s.admin).insecureNoAuth()
                .allowedHosts("jobs.example.com", "*.ops.example.com").build().start(0));
        assertEquals(200, send(d, "GET", "/api/session", "jobs.example.com").status());
        assertEquals(200, send(d, "GET", "/api/session", "eu.ops.example.com:443").status());
        assertEquals(403, send(d, "GET", "/api/session", "example.com").status());
        assertEquals(403, send(d, "GET", "/api/session", "jobs.example.com.attacker.example").status());
        String token = Http.json(new Http(d).get("api/session")).get("csrfToken").asText();
        // Behind a TLS proxy that passes Host on as 127.0.0.1: the page's origin is the public name.
        assertEquals(200, send(d, "POST", "/api/queues/reports/purge", "127.0.0.1:" + d.port(),
                SessionAuth.CSRF_HEADER + ": " + token, "Origin: https://jobs.example.com").status());
        assertThrows(IllegalArgumentException.class, () -> Dashboard.builder().allowedHosts("http://x/"));
    }

    @Test
    void aLoginPostedFromAnotherSiteIsRefused(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Dashboard d = DashboardApiTest.start(ctx, s);
        String form = "username=" + DashboardApiTest.USER + "&password=" + DashboardApiTest.PASSWORD.replace(' ', '+');
        String own = "127.0.0.1:" + d.port();
        RawHttp.Response crossSite = RawHttp.send(d.port(), RawHttp.request("POST", "/login", own, form,
                "Content-Type: application/x-www-form-urlencoded", "Origin: http://attacker.example"));
        assertEquals(403, crossSite.status());
        assertNull(crossSite.header("Set-Cookie"));
        RawHttp.Response fetchMetadata = RawHttp.send(d.port(), RawHttp.request("POST", "/login", own, form,
                "Content-Type: application/x-www-form-urlencoded", "Sec-Fetch-Site: cross-site"));
        assertEquals(403, fetchMetadata.status());
        RawHttp.Response sameSite = RawHttp.send(d.port(), RawHttp.request("POST", "/login", own, form,
                "Content-Type: application/x-www-form-urlencoded", "Origin: http://" + own, "Sec-Fetch-Site: same-origin"));
        assertEquals(303, sameSite.status());
        assertTrue(sameSite.header("Set-Cookie").startsWith(SessionAuth.COOKIE + "="));
    }

    @Test
    void itListensOnLoopbackOnlyUnlessAHostIsConfigured(RedisTestContext ctx) {
        Optional<InetAddress> external = nonLoopbackAddress();
        Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
        Scenario s = new Scenario(ctx);
        Dashboard local = ctx.closeAfter(Dashboard.builder().admin(s.admin).insecureNoAuth().build().start(0));
        assertTrue(reachable(InetAddress.getLoopbackAddress(), local.port()));
        assertFalse(reachable(external.get(), local.port()), "not reachable on " + external.get());

        Dashboard everywhere = ctx.closeAfter(Dashboard.builder().admin(s.admin).insecureNoAuth().host("0.0.0.0").build().start(0));
        assertTrue(reachable(external.get(), everywhere.port()), "with host(\"0.0.0.0\") it is");
    }

    @Test
    void aReadOnlyUserSeesEverythingAndChangesNothing(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Dashboard d = ctx.closeAfter(Dashboard.builder().admin(s.admin).workers(s.capstan.workers())
                .controls(new dev.capstan.redis.gates.JobGates(ctx.closeAfter(
                        new dev.capstan.redis.flags.FeatureFlags(s.capstan.redis(), s.capstan.namespace()))))
                .credentials(DashboardApiTest.USER, DashboardApiTest.PASSWORD)
                .readOnlyCredentials("viewer", "look-but-do-not-touch")
                .build().start(0));
        Http viewer = new Http(d);
        assertEquals(303, viewer.login("viewer", "look-but-do-not-touch").statusCode());
        JsonNode session = viewer.getJson("api/session");
        assertEquals("read-only", session.get("role").asText());
        assertFalse(session.get("canAct").asBoolean());
        assertEquals(3, DashboardApiTest.queuesByName(viewer).get("reports").get("size").asLong());
        assertEquals(2, viewer.getJson("api/queues/default/dead").get("total").asLong());
        assertEquals("DEAD", viewer.getJson("api/jobs/" + s.deadIds.get(0)).get("state").asText());
        String csrf = viewer.csrf();
        for (String path : List.of("api/queues/reports/purge", "api/queues/reports/pause", "api/queues/default/dead/retry-all",
                "api/queues/default/dead/" + s.deadIds.get(0) + "/retry", "api/jobs/" + s.scheduledId + "/delete",
                "api/types/render/switch-off", "api/workers/" + s.worker.id() + "/quiet")) {
            HttpResponse<String> r = viewer.post(path, csrf);
            assertEquals(403, r.statusCode(), path);
            assertTrue(Http.json(r).get("error").asText().startsWith("read-only"), r.body());
        }
        assertEquals(3, s.admin.queue("reports").size());
        assertEquals(2, s.admin.queue("default").dead());
        assertFalse(s.worker.gates().isPaused("reports"));
        assertEquals(200, viewer.post("api/logout", csrf).statusCode(), "logging out is not a change to the queues");

        Http admin = DashboardApiTest.loggedIn(d);
        assertTrue(admin.getJson("api/session").get("canAct").asBoolean());
        assertEquals(200, admin.post("api/queues/reports/purge", admin.csrf()).statusCode());

        // The flag makes everyone read-only, the anonymous user of a demo dashboard too.
        Dashboard demo = ctx.closeAfter(Dashboard.builder().admin(s.admin).insecureNoAuth().readOnly().build().start(0));
        Http anyone = new Http(demo);
        assertEquals(403, anyone.post("api/queues/default/dead/retry-all", anyone.csrf()).statusCode());
        assertEquals(2, s.admin.queue("default").dead());
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() {
        try {
            return NetworkInterface.networkInterfaces().filter(i -> {
                        try {
                            return i.isUp() && !i.isLoopback();
                        } catch (SocketException e) {
                            return false;
                        }
                    }).flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
