package dev.capstan.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Next-fire-time computation: formats, time zones and daylight-saving transitions. */
class CronTriggerTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** The next {@code n} fire times after local time {@code from} in the trigger's zone, as offset times. */
    private static List<String> next(CronTrigger t, String from, int n) {
        Instant at = LocalDateTime.parse(from).atZone(t.zone()).toInstant();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            at = t.nextAfter(at);
            out.add(OffsetDateTime.ofInstant(at, t.zone()).toString());
        }
        return out;
    }

    @Test
    void fiveFieldsMeanSecondZeroAndSixFieldsStartWithSeconds() {
        CronTrigger five = CronTrigger.parse("30 9 * * *", BERLIN);
        CronTrigger six = CronTrigger.parse("15 30 9 * * *", BERLIN);
        assertEquals(List.of("2025-01-15T09:30+01:00", "2025-01-16T09:30+01:00"), next(five, "2025-01-15T08:00", 2));
        assertEquals(List.of("2025-01-15T09:30:15+01:00"), next(six, "2025-01-15T08:00", 1));
        assertEquals(List.of("2025-01-15T00:00:01+01:00", "2025-01-15T00:00:02+01:00"),
                next(CronTrigger.parse("* * * * * *", BERLIN), "2025-01-15T00:00", 2));
    }

    @Test
    void rejectsBadExpressions() {
        assertThrows(IllegalArgumentException.class, () -> CronTrigger.parse("* * * *", BERLIN));
        assertThrows(IllegalArgumentException.class, () -> CronTrigger.parse("0 0 0 * * * *", BERLIN));
        assertThrows(IllegalArgumentException.class, () -> CronTrigger.parse("61 * * * *", BERLIN));
        assertThrows(IllegalArgumentException.class, () -> CronTrigger.parse("", BERLIN));
    }

    @Test
    void weekdaysAndSundayAsZeroOrSeven() {
        // 2025-03-28 is a Friday.
        assertEquals(List.of("2025-03-31T09:00+02:00", "2025-04-01T09:00+02:00"),
                next(CronTrigger.parse("0 9 * * 1-5", BERLIN), "2025-03-28T12:00", 2));
        assertEquals(List.of("2025-03-30T10:00+02:00"), next(CronTrigger.parse("0 10 * * 0", BERLIN), "2025-03-28T12:00", 1));
        assertEquals(List.of("2025-03-30T10:00+02:00"), next(CronTrigger.parse("0 10 * * 7", BERLIN), "2025-03-28T12:00", 1));
    }

    @Test
    void subSecondStartIsTruncatedToWholeSeconds() {
        CronTrigger everySecond = CronTrigger.parse("* * * * * *", ZoneId.of("UTC"));
        assertEquals(Instant.parse("2025-01-01T10:00:01Z"), everySecond.nextAfter(Instant.parse("2025-01-01T10:00:00.500Z")));
        assertEquals(Instant.parse("2025-01-01T10:00:02Z"), everySecond.nextAfter(Instant.parse("2025-01-01T10:00:01Z")));
    }

    @Test
    void sameLocalTimeIsADifferentInstantInEachZone() {
        Instant from = Instant.parse("2025-06-01T00:00:00Z");
        assertEquals(Instant.parse("2025-06-01T07:00:00Z"), CronTrigger.parse("0 9 * * *", BERLIN).nextAfter(from));
        assertEquals(Instant.parse("2025-06-01T13:00:00Z"), CronTrigger.parse("0 9 * * *", NEW_YORK).nextAfter(from));
        // Winter: Berlin is UTC+1, New York UTC-5.
        Instant winter = Instant.parse("2025-01-10T00:00:00Z");
        assertEquals(Instant.parse("2025-01-10T08:00:00Z"), CronTrigger.parse("0 9 * * *", BERLIN).nextAfter(winter));
        assertEquals(Instant.parse("2025-01-10T14:00:00Z"), CronTrigger.parse("0 9 * * *", NEW_YORK).nextAfter(winter));
    }

    @Test
    void berlinSpringForwardFiresASkippedLocalTimeOnceAtTheTransition() {
        // 2025-03-30: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist that day.
        assertEquals(List.of("2025-03-29T02:30+01:00", "2025-03-30T03:00+02:00", "2025-03-31T02:30+02:00"),
                next(CronTrigger.parse("30 2 * * *", BERLIN), "2025-03-28T12:00", 3));
        // A time outside the gap is untouched.
        assertEquals(List.of("2025-03-30T01:30+01:00", "2025-03-31T01:30+02:00"),
                next(CronTrigger.parse("30 1 * * *", BERLIN), "2025-03-29T12:00", 2));
    }

    @Test
    void berlinFallBackFiresARepeatedLocalTimeOnce() {
        // 2025-10-26: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
        assertEquals(List.of("2025-10-25T02:30+02:00", "2025-10-26T02:30+02:00", "2025-10-27T02:30+01:00"),
                next(CronTrigger.parse("30 2 * * *", BERLIN), "2025-10-24T12:00", 3));
    }

    @Test
    void wildcardHourFollowsElapsedTimeThroughBothTransitions() {
        assertEquals(List.of("2025-03-30T01:00+01:00", "2025-03-30T03:00+02:00", "2025-03-30T04:00+02:00"),
                next(CronTrigger.parse("0 * * * *", BERLIN), "2025-03-30T00:30", 3));
        assertEquals(List.of("2025-10-26T02:00+02:00", "2025-10-26T02:00+01:00", "2025-10-26T03:00+01:00"),
                next(CronTrigger.parse("0 * * * *", BERLIN), "2025-10-26T01:30", 3));
        List<String> quarter = next(CronTrigger.parse("*/15 * * * *", BERLIN), "2025-10-26T02:40", 4);
        assertEquals(List.of("2025-10-26T02:45+02:00", "2025-10-26T02:00+01:00", "2025-10-26T02:15+01:00",
                "2025-10-26T02:30+01:00"), quarter);
    }

    @Test
    void newYorkTransitions() {
        // 2025-03-09: 02:00 EST jumps to 03:00 EDT.
        assertEquals(List.of("2025-03-08T02:30-05:00", "2025-03-09T03:00-04:00", "2025-03-10T02:30-04:00"),
                next(CronTrigger.parse("30 2 * * *", NEW_YORK), "2025-03-07T12:00", 3));
        // 2025-11-02: 02:00 EDT falls back to 01:00 EST; 01:30 happens twice.
        assertEquals(List.of("2025-11-01T01:30-04:00", "2025-11-02T01:30-04:00", "2025-11-03T01:30-05:00"),
                next(CronTrigger.parse("30 1 * * *", NEW_YORK), "2025-10-31T12:00", 3));
    }

    @Test
    void intervalsAreAlignedOnTheEpoch() {
        IntervalTrigger every10s = new IntervalTrigger(Duration.ofSeconds(10));
        assertEquals(Instant.parse("2025-01-01T10:00:10Z"), every10s.nextAfter(Instant.parse("2025-01-01T10:00:03.250Z")));
        assertEquals(Instant.parse("2025-01-01T10:00:20Z"), every10s.nextAfter(Instant.parse("2025-01-01T10:00:10Z")));
        assertThrows(IllegalArgumentException.class, () -> new IntervalTrigger(Duration.ZERO));
    }
}
