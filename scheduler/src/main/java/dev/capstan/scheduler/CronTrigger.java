package dev.capstan.scheduler;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * A cron expression in a time zone.
 *
 * <p>Format: Unix crontab fields {@code minute hour day-of-month month day-of-week}, optionally
 * preceded by a {@code second} field (6 fields). A 5-field expression is the 6-field one with second
 * {@code 0}. Ranges: second/minute 0-59, hour 0-23, day 1-31, month 1-12 or JAN-DEC, day of week
 * 0-7 or SUN-SAT (0 and 7 are Sunday); {@code * , - /} everywhere, plus {@code L W ? #} as cron-utils
 * accepts them. When both day fields are restricted, cron-utils requires both to match.
 *
 * <p>Daylight saving, for expressions with a fixed hour (hour field not {@code *}), follows Vixie
 * cron: a local time skipped by a spring-forward transition fires once, at the transition (02:30
 * on a day Berlin jumps from 02:00 to 03:00 fires at 03:00 CEST); a local time that occurs twice
 * when clocks fall back fires once, at its first occurrence. Expressions with hour {@code *} follow
 * elapsed time: they fire at every existing matching local time, so "every 15 minutes" keeps firing
 * every 15 minutes through both transitions.
 */
public record CronTrigger(String expression, ZoneId zone, Cron cron) implements Trigger {
    private static final CronParser PARSER = new CronParser(definition());

    public CronTrigger {
        java.util.Objects.requireNonNull(zone, "zone");
    }

    /** Parses a 5- or 6-field expression; throws IllegalArgumentException saying what is wrong. */
    public static CronTrigger parse(String expression, ZoneId zone) {
        String trimmed = expression == null ? "" : expression.trim();
        int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        if (fields != 5 && fields != 6) {
            throw new IllegalArgumentException("cron expression '" + expression + "' has " + fields
                    + " fields; use 5 (minute hour day month weekday) or 6 (second first)");
        }
        String sixFields = fields == 5 ? "0 " + trimmed : trimmed;
        try {
            return new CronTrigger(trimmed, zone, PARSER.parse(sixFields));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron expression '" + expression + "': " + e.getMessage(), e);
        }
    }

    @Override
    public Instant nextAfter(Instant after) {
        ExecutionTime times = ExecutionTime.forCron(cron);
        boolean fixedHour = !(cron.retrieve(CronFieldName.HOUR).getExpression() instanceof Always);
        ZoneRules rules = zone.getRules();
        // cron-utils keeps sub-second parts of its input; fire times are whole seconds.
        ZonedDateTime from = after.atZone(zone).truncatedTo(ChronoUnit.SECONDS);
        while (true) {
            ZonedDateTime candidate = times.nextExecution(from).orElse(null);
            if (!fixedHour) {
                return candidate == null ? null : candidate.toInstant();
            }
            Instant gapFire = firstSkippedFire(times, rules, after, candidate);
            if (gapFire != null) {
                return gapFire;
            }
            if (candidate == null) {
                return null;
            }
            if (isSecondOccurrence(rules, candidate)) {
                from = candidate; // already fired at the first occurrence
                continue;
            }
            return candidate.toInstant();
        }
    }

    @Override
    public String describe() {
        return expression;
    }

    /**
     * The instant of the first spring-forward transition in (after, candidate) whose skipped local
     * times include one the expression matches, or null.
     */
    private static Instant firstSkippedFire(ExecutionTime times, ZoneRules rules, Instant after, ZonedDateTime candidate) {
        Instant limit = candidate == null ? after.plus(400, ChronoUnit.DAYS) : candidate.toInstant();
        ZoneOffsetTransition t = rules.nextTransition(after);
        while (t != null && t.getInstant().isBefore(limit)) {
            if (t.isGap()) {
                // Evaluate the gap's local times in the offset before the jump, where they exist.
                ZonedDateTime justBefore = ZonedDateTime.ofInstant(t.getInstant().minusSeconds(1), t.getOffsetBefore());
                ZonedDateTime match = times.nextExecution(justBefore).orElse(null);
                if (match != null && match.toLocalDateTime().isBefore(t.getDateTimeAfter())) {
                    return t.getInstant();
                }
            }
            t = rules.nextTransition(t.getInstant());
        }
        return null;
    }

    private static boolean isSecondOccurrence(ZoneRules rules, ZonedDateTime time) {
        LocalDateTime local = time.toLocalDateTime();
        ZoneOffsetTransition t = rules.getTransition(local);
        return t != null && t.isOverlap() && time.getOffset().equals(t.getOffsetAfter());
    }

    /** Unix crontab plus a leading seconds field (cron-utils' UNIX definition has none). */
    static CronDefinition definition() {
        return CronDefinitionBuilder.defineCron()
                .withSeconds().withValidRange(0, 59).withStrictRange().and()
                .withMinutes().withValidRange(0, 59).withStrictRange().and()
                .withHours().withValidRange(0, 23).withStrictRange().and()
                .withDayOfMonth().withValidRange(1, 31).supportsL().supportsW().supportsLW().supportsQuestionMark()
                .withStrictRange().and()
                .withMonth().withValidRange(1, 12).withStrictRange().and()
                .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0)
                .supportsHash().supportsL().supportsQuestionMark().withStrictRange().and()
                .instance();
    }
}
