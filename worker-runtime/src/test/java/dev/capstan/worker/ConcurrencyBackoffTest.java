package dev.capstan.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A full concurrency limit makes refused jobs wait longer as refusals pile up, and short again after a grant. */
class ConcurrencyBackoffTest {

    @Test
    void waitsGrowWithRefusalsUpToTheCapAndAGrantStartsOver() {
        ConcurrencyBackoff backoff = new ConcurrencyBackoff(4);
        for (int i = 0; i < 4; i++) { // the first round of refusals: one per permit
            assertBetween(backoff.refused("tenant-1"), ConcurrencyBackoff.MIN.dividedBy(2), ConcurrencyBackoff.MIN);
        }
        assertBetween(backoff.refused("tenant-1"), ConcurrencyBackoff.MIN, ConcurrencyBackoff.MIN.multipliedBy(2));
        for (int i = 0; i < 200; i++) {
            backoff.refused("tenant-1");
        }
        assertBetween(backoff.refused("tenant-1"), ConcurrencyBackoff.MAX.dividedBy(2), ConcurrencyBackoff.MAX);
        assertBetween(backoff.refused("tenant-2"), ConcurrencyBackoff.MIN.dividedBy(2), ConcurrencyBackoff.MIN);

        backoff.granted("tenant-1");
        assertBetween(backoff.refused("tenant-1"), ConcurrencyBackoff.MIN.dividedBy(2), ConcurrencyBackoff.MIN);
    }

    private static void assertBetween(Duration wait, Duration low, Duration high) {
        assertTrue(wait.compareTo(low) >= 0 && wait.compareTo(high) <= 0, wait + " is between " + low + " and " + high);
    }
}
