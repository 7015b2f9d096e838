package dev.capstan.redis.ratelimit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.redis.Namespace;
import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GCRA bookings: each waiter gets a slot of its own, one interval after the previous one, and claims it once. */
@ExtendWith(RedisExtension.class)
class GcraBookingTest {

    @Test
    void waitersBookConsecutiveSlotsAndClaimThemWhenDue(RedisTestContext ctx) {
        GcraRateLimiter gcra = RateLimiters.on(ctx.newClient(), new Namespace(ctx.namespace()))
                .gcra("psp", 5, Duration.ofSeconds(1), 1); // one permit every 200 ms
        assertTrue(gcra.acquireOrBook("all", "job-0").granted(), "the burst is granted at once");
        List<Duration> waits = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            GcraRateLimiter.Booking b = gcra.acquireOrBook("all", "job-" + i);
            assertFalse(b.granted());
            assertTrue(b.booked());
            waits.add(b.waitFor());
        }
        for (int i = 0; i < waits.size(); i++) {
            long ms = waits.get(i).toMillis();
            assertTrue(Math.abs(ms - 200L * (i + 1)) < 50, "job-" + (i + 1) + " waits its own slot: " + waits);
        }
        assertFalse(gcra.tryAcquire("all").allowed(), "bookings hold the limit against plain calls too");

        GcraRateLimiter.Booking early = gcra.acquireOrBook("all", "job-4");
        assertFalse(early.granted(), "asking again early books nothing new");
        assertTrue(early.waitFor().compareTo(waits.get(3)) <= 0, "only the rest of the wait: " + early);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> gcra.acquireOrBook("all", "job-1").granted());
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> gcra.acquireOrBook("all", "job-4").granted());
        assertEquals(0L, ctx.newClient().zcard(gcra.bookingsKey("all")) - 2, "job-2 and job-3 still hold their bookings");
        assertTrue(gcra.bookingsKey("all").startsWith(ctx.namespace() + ":{psp:all}:"), "one slot with the TAT");
    }
}
