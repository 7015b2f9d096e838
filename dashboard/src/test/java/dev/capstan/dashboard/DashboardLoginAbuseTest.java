package dev.capstan.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.ratelimit.RateLimiters;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Passwords cannot be guessed at speed, and the guessing cannot lock the real user out (issue 11).
 * Other client addresses are other loopback addresses (127.0.0.2, ...): Linux routes all of 127/8 to
 * this machine, so they are real, distinct peers to the dashboard.
 */
@ExtendWith(RedisExtension.class)
class DashboardLoginAbuseTest {
    static final String USER = DashboardApiTest.USER;
    static final String PASSWORD = DashboardApiTest.PASSWORD;

    /** A dashboard whose login throttle keeps its counts in the test's Redis. */
    static Dashboard start(RedisTestContext ctx, Scenario s) {
        return ctx.closeAfter(Dashboard.builder().admin(s.admin).credentials(USER, PASSWORD)
                .loginThrottle(RateLimiters.on(s.capstan.redis(), s.capstan.namespace()))
                .build().start(0));
    }

    private static int retryAfter(HttpResponse<String> r) {
        return Integer.parseInt(r.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void aHundredWrongPasswordsFromOneAddressAreHeldBackWith429AndRetryAfter(RedisTestContext ctx) {
        Dashboard d = start(ctx, new Scenario(ctx));
        Http attacker = Http.from(d, "127.0.0.2");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            statuses.add(attacker.login(USER, "guess-" + i).statusCode());
        }
        assertEquals(LoginLimits.defaults().perAddress().burst(), statuses.stream().filter(c -> c == 303).count(), statuses.toString());
        assertEquals(100 - LoginLimits.defaults().perAddress().burst(), statuses.stream().filter(c -> c == 429).count());
        HttpResponse<String> held = attacker.login(USER, PASSWORD);
        assertEquals(429, held.statusCode(), "even the right password waits on the attacker's address");
        int wait = retryAfter(held);
        assertTrue(wait >= 1 && wait <= 60, "Retry-After " + wait);
        assertTrue(held.body().contains("Too many login attempts"), held.body());
        assertTrue(held.headers().firstValue("Set-Cookie").isEmpty());

        Http user = Http.from(d, "127.0.0.3");
        assertEquals(303, user.login(USER, PASSWORD).statusCode(), "the real user, from their own address, gets in");
        assertEquals(200, user.get("api/queues").statusCode());
    }

    @Test
    void guessingOneUserNameFromManyAddressesIsBoundedButTheRealUserStillGetsIn(RedisTestContext ctx) {
        Dashboard d = start(ctx, new Scenario(ctx));
        LoginLimits limits = LoginLimits.defaults();
        // 40 addresses with 8 guesses each: every address stays under its own limit, the user name goes over its own.
        int refused = 0;
        for (int a = 10; a < 50; a++) {
            Http attacker = Http.from(d, "127.0.1." + a);
            for (int i = 0; i < 8; i++) {
                HttpResponse<String> r = attacker.login(USER, "guess-" + a + "-" + i);
                refused += r.statusCode() == 429 ? 1 : 0;
                assertTrue(r.statusCode() == 303 || r.statusCode() == 429, "status " + r.statusCode());
            }
        }
        assertTrue(refused > 0, "over the user name's limit, addresses that keep guessing are held back");
        long checked = 320 - refused;
        assertTrue(checked <= limits.perUser().burst() + 40 * limits.perUserAndAddress().burst(), "checked " + checked);
        // An address that kept guessing gets no more tries at this user name, not even the right one...
        HttpResponse<String> persistent = Http.from(d, "127.0.1.49").login(USER, PASSWORD);
        assertEquals(429, persistent.statusCode());
        assertTrue(retryAfter(persistent) >= 1);
        // ...while the real user, from an address that was not guessing, logs in with the right password.
        Http user = Http.from(d, "127.0.2.1");
        assertEquals(303, user.login(USER, PASSWORD).statusCode());
        assertEquals(200, user.get("api/queues").statusCode());
    }

    @Test
    void theCountsAreSharedThroughRedisByEveryDashboardInstance(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Dashboard first = start(ctx, s);
        Dashboard second = start(ctx, s);
        Http onFirst = Http.from(first, "127.0.0.4");
        for (int i = 0; i < LoginLimits.defaults().perAddress().burst(); i++) {
            assertEquals(303, onFirst.login(USER, "guess-" + i).statusCode());
        }
        HttpResponse<String> onSecond = Http.from(second, "127.0.0.4").login(USER, "guess-x");
        assertEquals(429, onSecond.statusCode(), "the second instance knows the first one's count");
    }

    @Test
    void withoutASharedLimiterEachProcessStillThrottles(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Dashboard d = ctx.closeAfter(Dashboard.builder().admin(s.admin).credentials(USER, PASSWORD).build().start(0));
        Http attacker = Http.from(d, "127.0.0.5");
        int last = 0;
        for (int i = 0; i < 20; i++) {
            last = attacker.login(USER, "guess-" + i).statusCode();
        }
        assertEquals(429, last);
        assertEquals(303, Http.from(d, "127.0.0.6").login(USER, PASSWORD).statusCode());
    }

    @Test
    void configuredPasswordsNeedTwelveCharacters(RedisTestContext ctx) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dashboard.builder().credentials("ops", "short-pass1"));
        assertTrue(e.getMessage().contains("at least 12 characters"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dashboard.builder().readOnlyCredentials("viewer", "eleven-char"));
        Dashboard.builder().credentials("ops", "twelve-chars"); // exactly 12: accepted
        assertEquals(12, "twelve-chars".length());
    }

    @Test
    void aSessionEndsAtItsMaximumLifetimeEvenWhileInUse(RedisTestContext ctx) {
        Scenario s = new Scenario(ctx);
        Dashboard d = ctx.closeAfter(Dashboard.builder().admin(s.admin).credentials(USER, PASSWORD)
                .sessions(new dev.capstan.redis.session.SessionStore(s.capstan.redis(), s.capstan.namespace()))
                .sessionIdleTimeout(Duration.ofMinutes(30)).sessionMaxLifetime(Duration.ofSeconds(2))
                .build().start(0));
        Http http = DashboardApiTest.loggedIn(d);
        long loggedInAt = System.nanoTime();
        // Used all the time (each request slides the idle timeout), yet it ends after two seconds.
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10))
                .until(() -> http.get("api/queues").statusCode() == 401);
        long lived = Duration.ofNanos(System.nanoTime() - loggedInAt).toMillis();
        assertTrue(lived >= 1_900, "lived " + lived + " ms");
    }
}
