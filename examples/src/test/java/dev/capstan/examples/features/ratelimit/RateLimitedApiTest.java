package dev.capstan.examples.features.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> ok = http.get("/api/quote", "X-Api-Key", "k1");
            assertEquals(200, ok.statusCode(), "request " + i);
            assertEquals(Long.toString(4 - i), ok.headers().firstValue("RateLimit-Remaining").orElseThrow());
        }
        HttpResponse<String> limited = http.get("/api/quote", "X-Api-Key", "k1");
        assertEquals(429, limited.statusCode());
        assertEquals("1", limited.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(200, http.get("/api/quote", "X-Api-Key", "k2").statusCode(), "another key has its own limit");
    }
}
