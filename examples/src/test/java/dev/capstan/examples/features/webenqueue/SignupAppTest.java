package dev.capstan.examples.features.webenqueue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.examples.TestCapstan;
import dev.capstan.examples.TestHttp;
import dev.capstan.redis.CapstanRedis;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class SignupAppTest {

    @Test
    void aSignupIsAnsweredAtOnceAndTheWelcomeEmailIsSentByTheWorker(RedisTestContext ctx) throws Exception {
        CapstanRedis capstan = TestCapstan.of(ctx);
        List<String> sent = new CopyOnWriteArrayList<>();
        SignupApp app = ctx.closeAfter(SignupApp.start(capstan, (to, subject, body) -> sent.add(to + ": " + subject), 0));
        TestHttp http = new TestHttp(app.port());

        HttpResponse<String> accepted = http.post("/signup", "email=ada%40example.com&name=Ada",
                "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertTrue(accepted.body().contains("\"jobId\""), accepted.body());
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.equals(List.of("ada@example.com: Welcome, Ada!")));

        HttpResponse<String> refused = http.post("/signup", "email=nobody", "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(400, refused.statusCode());
        assertEquals(0, capstan.admin().queue("mail").size(), "nothing enqueued for a bad request");
        assertEquals(1, sent.size());
    }
}
