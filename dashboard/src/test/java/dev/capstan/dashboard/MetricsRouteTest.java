package dev.capstan.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /metrics serves the given Prometheus text to scrapers that authenticate with HTTP Basic. */
@ExtendWith(RedisExtension.class)
class MetricsRouteTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void scrapersAuthenticateWithTheDashboardsCredentials(RedisTestContext ctx) throws Exception {
        Scenario s = new Scenario(ctx);
        Dashboard d = ctx.closeAfter(Dashboard.builder().admin(s.admin).credentials("ops", "scrape-password-1").host("127.0.0.1")
                .metrics(() -> "# TYPE capstan_test_total counter\ncapstan_test_total 3.0\n").build().start(0));

        assertEquals(401, get(d, null).statusCode());
        assertEquals(401, get(d, "ops:wrong").statusCode());
        HttpResponse<String> ok = get(d, "ops:scrape-password-1");
        assertEquals(200, ok.statusCode());
        assertTrue(ok.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        assertTrue(ok.body().contains("capstan_test_total 3.0"), ok.body());

        Dashboard without = ctx.closeAfter(Dashboard.builder().admin(s.admin).credentials("ops", "scrape-password-1").host("127.0.0.1")
                .build().start(0));
        assertEquals(404, get(without, "ops:scrape-password-1").statusCode(), "no metrics configured: no endpoint");
    }

    private HttpResponse<String> get(Dashboard d, String basic) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(d.url() + "metrics")).GET();
        if (basic != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes()));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
