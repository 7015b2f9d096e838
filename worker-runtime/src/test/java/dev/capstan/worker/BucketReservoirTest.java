package dev.capstan.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Snapshot;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BucketReservoirTest {

    @Test
    void percentilesAreWithinTheBucketWidth() {
        BucketReservoir r = new BucketReservoir();
        for (long v = 1; v <= 100_000; v++) {
            r.update(v * 1_000); // 1 µs .. 100 ms in ns, uniform
        }
        Snapshot s = r.getSnapshot();
        assertEquals(100_000, r.size());
        assertWithin(50_000_000, s.getMedian());
        assertWithin(99_000_000, s.get99thPercentile());
        assertWithin(1_000, s.getMin());
        assertWithin(100_000_000, s.getMax());
        assertWithin(50_000_000, s.getMean());
    }

    @Test
    void everyValueFallsInTheBucketThatStartsAtOrBelowIt() {
        for (long v : new long[] {0, 1, 15, 16, 17, 31, 32, 33, 1000, 123_456_789, Long.MAX_VALUE / 3, Long.MAX_VALUE}) {
            int b = BucketReservoir.bucket(v);
            assertTrue(BucketReservoir.lowest(b) <= v, v + " in bucket " + b);
            long next = BucketReservoir.lowest(b + 1);
            assertTrue(next > v || next < 0, v + " below the next bucket"); // < 0: past the largest long
        }
        assertEquals(0, BucketReservoir.bucket(-5), "negative durations count as 0");
    }

    @Test
    void aSnapshotForgetsWhatCameBeforeTheRotationBeforeLast() {
        long[] now = {0};
        BucketReservoir r = new BucketReservoir(TimeUnit.MINUTES.toNanos(1), () -> now[0]);
        r.update(1_000_000_000L);
        now[0] += TimeUnit.SECONDS.toNanos(61); // past one rotation period: the old value moves to the previous generation
        assertEquals(1, r.getSnapshot().size());
        r.update(10);
        now[0] += TimeUnit.SECONDS.toNanos(61);
        Snapshot s = r.getSnapshot(); // second rotation: the 1 s value is gone, 10 ns stays
        assertEquals(1, s.size());
        assertWithin(10, s.getMax());
    }

    private static void assertWithin(double expected, double actual) {
        assertTrue(Math.abs(actual - expected) <= expected * 0.07 + 1, "expected about " + expected + ", was " + actual);
    }
}
