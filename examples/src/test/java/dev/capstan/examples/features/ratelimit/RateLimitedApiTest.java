package dev.capstan.examples.features.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.capstan.examples.TestCapstan;
import dev.capstan.examples.TestHttp;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import io.javalin.Javalin;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RateLimitedApiTest {

    @Test
    void aKeyGetsItsBurstThen429WithRetryAfterWhileOtherKeysGoOn(RedisTestContext ctx) throws Exception {
        Javalin app = RateLimitedApi.start(TestCapstan.of(ctx), 0);
        ctx.closeAfter(app::stop);
        TestHttp http = new TestHttp(app.port());
        for (int i = 0; i < 5; i++) {   // the burst
            HttpResponse<String> ok = http.get("/api/quote", "X-Api-Key", "k1");
            assertEquals(200, ok.statusCode(), "request " + i);
            if (i == 0) {
                assertEquals("4", ok.headers().firstValue("RateLimit-Remaining").orElseThrow());
            }
        }
        // Then 5 per second: requests sent faster than that are refused (a slow machine may refill a permit or two).
        HttpResponse<String> limited = null;
        for (int i = 0; i < 30 && limited == null; i++) {
            HttpResponse<String> r = http.get("/api/quote", "X-Api-Key", "k1");
            limited = r.statusCode() == 429 ? r : null;
        }
        assertNotNull(limited, "no 429 in 30 quick requests over the limit");
        assertEquals("1", limited.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("0", limited.headers().firstValue("RateLimit-Remaining").orElseThrow());
        assertEquals(200, http.get("/api/quote", "X-Api-Key", "k2").statusCode(), "another key has its own limit");
    }
}
