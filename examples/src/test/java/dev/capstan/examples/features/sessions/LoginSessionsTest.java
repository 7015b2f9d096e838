package dev.capstan.examples.features.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.capstan.examples.TestCapstan;
import dev.capstan.examples.TestHttp;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import io.javalin.Javalin;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class LoginSessionsTest {
    private static final String FORM = "application/x-www-form-urlencoded";

    @Test
    void loginRotatesTheSessionKeepsTheCartAndLogoutEndsIt(RedisTestContext ctx) throws Exception {
        Javalin app = LoginSessions.start(TestCapstan.of(ctx), 0);
        ctx.closeAfter(app::stop);
        TestHttp http = new TestHttp(app.port());

        String anonymous = sessionId(http.post("/cart?item=book", ""));
        assertEquals("cart: book,pen", http.post("/cart?item=pen", "", "Cookie", "sid=" + anonymous).body());
        assertEquals(401, http.get("/me", "Cookie", "sid=" + anonymous).statusCode(), "not logged in yet");

        assertEquals(401, http.post("/login", "user=alice&password=guess", "Content-Type", FORM, "Cookie", "sid=" + anonymous)
                .statusCode());
        HttpResponse<String> login = http.post("/login", "user=alice&password=wonderland",
                "Content-Type", FORM, "Cookie", "sid=" + anonymous);
        assertEquals(200, login.statusCode());
        String loggedIn = sessionId(login);
        assertNotEquals(anonymous, loggedIn, "a new id at login");

        assertEquals("alice, cart: book,pen", http.get("/me", "Cookie", "sid=" + loggedIn).body());
        assertEquals(401, http.get("/me", "Cookie", "sid=" + anonymous).statusCode(), "the old id is worthless");

        http.post("/logout", "", "Cookie", "sid=" + loggedIn);
        assertEquals(401, http.get("/me", "Cookie", "sid=" + loggedIn).statusCode());
        assertEquals(401, http.get("/me", "Cookie", "sid=made-up").statusCode());
    }

    private static String sessionId(HttpResponse<String> response) {
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertEquals(true, cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);
        return cookie.substring("sid=".length(), cookie.indexOf(';'));
    }
}
