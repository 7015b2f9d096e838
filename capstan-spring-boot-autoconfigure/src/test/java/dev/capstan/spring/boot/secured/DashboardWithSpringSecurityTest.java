package dev.capstan.spring.boot.secured;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JobClient;
import dev.capstan.testsupport.SharedRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With Spring Security in the application, the mounted dashboard is behind the application's own authentication. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "capstan.dashboard.enabled=true", "capstan.dashboard.path=/ops/jobs", "capstan.worker.enabled=false",
        "spring.security.user.name=ops", "spring.security.user.password=s3cret", "spring.security.user.roles=OPS"})
@DirtiesContext
class DashboardWithSpringSecurityTest {
    static final String NAMESPACE = "secured" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("capstan.redis.url", () -> SharedRedis.endpoint().url());
        registry.add("capstan.namespace", () -> NAMESPACE);
    }

    @LocalServerPort
    int port;
    @Autowired
    JobClient jobs;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void springSecurityAuthenticatesAndTheDashboardsOwnCsrfTokenGuardsActions() throws Exception {
        jobs.enqueue("ping", new SecuredApplication.Ping(1)); // no worker here: it waits in the queue

        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(url("/ops/jobs/api/queues")).GET(), null);
        assertTrue(anonymous.statusCode() == 401 || anonymous.statusCode() == 302,
                "Spring Security stops an anonymous request: " + anonymous.statusCode());

        HttpResponse<String> queues = send(HttpRequest.newBuilder(url("/ops/jobs/api/queues")).GET(), "ops:s3cret");
        assertEquals(200, queues.statusCode(), queues.body());
        assertTrue(queues.body().contains("\"size\":1"), queues.body());

        HttpResponse<String> session = send(HttpRequest.newBuilder(url("/ops/jobs/api/session")).GET(), "ops:s3cret");
        String csrf = session.body().replaceAll(".*\"csrfToken\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> withoutToken = send(HttpRequest.newBuilder(url("/ops/jobs/api/queues/default/purge"))
                .POST(HttpRequest.BodyPublishers.noBody()), "ops:s3cret");
        assertEquals(403, withoutToken.statusCode(), "the dashboard's CSRF check still applies: " + withoutToken.body());
        HttpResponse<String> purge = send(HttpRequest.newBuilder(url("/ops/jobs/api/queues/default/purge"))
                .header("X-Capstan-CSRF", csrf).POST(HttpRequest.BodyPublishers.noBody()), "ops:s3cret");
        assertEquals(200, purge.statusCode(), purge.body());
        assertTrue(purge.body().contains("\"purged\":1"), purge.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String basic) throws Exception {
        if (basic != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes()));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
