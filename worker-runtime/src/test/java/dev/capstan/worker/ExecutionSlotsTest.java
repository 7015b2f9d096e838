package dev.capstan.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExecutionSlotsTest {

    @Test
    void noPrefetchUntilJobsHaveBeenTimed() throws InterruptedException {
        ExecutionSlots slots = new ExecutionSlots(10, 99);
        assertEquals(10, slots.limit());
        assertEquals(10, slots.reserve(100));
        assertFalse(slots.tryReserveToRun(), "every slot is taken");
    }

    @Test
    void shortJobsAreFetchedAheadUpToTheMaximum() {
        ExecutionSlots slots = new ExecutionSlots(10, 99);
        for (int i = 0; i < 50; i++) {
            slots.ran(TimeUnit.MICROSECONDS.toNanos(50)); // 10 slots finish 1,000 such jobs in 5 ms
        }
        assertEquals(10 + 99, slots.limit());
    }

    @Test
    void jobsLongerThanThePrefetchWaitAreNotFetchedAhead() {
        ExecutionSlots slots = new ExecutionSlots(10, 99);
        for (int i = 0; i < 50; i++) {
            slots.ran(TimeUnit.MILLISECONDS.toNanos(100));
        }
        assertEquals(10, slots.limit(), "a 100 ms job fetched ahead would wait up to 100 ms that another worker could use");
        for (int i = 0; i < 80; i++) {
            slots.ran(TimeUnit.MILLISECONDS.toNanos(2));
        }
        // 10 slots finish 25 jobs of 2 ms in 5 ms (the moving mean is a hair above 2 ms after 80 jobs)
        assertTrue(slots.limit() == 10 + 24 || slots.limit() == 10 + 25, "limit " + slots.limit());
    }

    @Test
    void whileJobsWaitForASlotTheDispatcherWaitsForRoomForHalfABatch() throws InterruptedException {
        ExecutionSlots slots = new ExecutionSlots(10, 99);
        for (int i = 0; i < 50; i++) {
            slots.ran(TimeUnit.MICROSECONDS.toNanos(10));
        }
        assertEquals(100, slots.reserve(100)); // 109 places: a full batch
        slots.release(1); // one job finished: 99 in flight, 89 of them waiting for a slot
        Thread dispatcher = Thread.ofPlatform().start(() -> {
            try {
                slots.reserve(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // No fetch for 10 places while 89 fetched jobs still wait.
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(dispatcher::isAlive);
        slots.release(45); // now 54 in flight: room for 55, more than half a batch
        await().atMost(Duration.ofSeconds(5)).until(() -> !dispatcher.isAlive());
        assertEquals(54 + 55, slots.inFlight());
    }

    @Test
    void awaitsUntilAtMostSoManyAreInFlight() throws InterruptedException {
        ExecutionSlots slots = new ExecutionSlots(4, 0);
        assertEquals(4, slots.reserve(4));
        assertFalse(slots.awaitAtMost(0, Duration.ofMillis(30)), "4 in flight");
        Thread.ofPlatform().start(() -> slots.release(4));
        assertTrue(slots.awaitAtMost(0, Duration.ofSeconds(5)));
    }
}
