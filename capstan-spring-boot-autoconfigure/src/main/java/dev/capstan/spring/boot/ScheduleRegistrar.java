package dev.capstan.spring.boot;

import dev.capstan.api.JobHandler;
import dev.capstan.scheduler.PeriodicSchedule;
import dev.capstan.scheduler.ScheduleAdmin;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.aop.support.AopUtils;

/**
 * Saves the application's periodic schedules at start-up: those under {@code capstan.schedules} and
 * those declared with {@link PeriodicJob} on handler beans. Saving is an upsert by id, so every
 * instance may do it; a schedule removed from the configuration stays in Redis until deleted (with
 * the dashboard, the CLI or {@code ScheduleAdmin.delete}).
 */
final class ScheduleRegistrar {
    private static final Logger log = LoggerFactory.getLogger(ScheduleRegistrar.class);

    private final ScheduleAdmin admin;
    private final Map<String, CapstanProperties.Schedule> configured;
    private final List<JobHandler<?>> handlers;

    ScheduleRegistrar(ScheduleAdmin admin, Map<String, CapstanProperties.Schedule> configured, List<JobHandler<?>> handlers) {
        this.admin = admin;
        this.configured = configured;
        this.handlers = handlers;
    }

    void saveAll() {
        List<PeriodicSchedule> schedules = schedules();
        schedules.forEach(admin::save);
        if (!schedules.isEmpty()) {
            log.info("Capstan: saved periodic schedules {}", schedules.stream().map(PeriodicSchedule::id).toList());
        }
    }

    List<PeriodicSchedule> schedules() {
        List<PeriodicSchedule> out = new ArrayList<>();
        configured.forEach((id, s) -> {
            if (s.getType() == null) {
                throw new IllegalArgumentException("capstan.schedules." + id + ".type is missing: name the job type to enqueue");
            }
            out.add(build(id, s.getCron(), s.getZone(), s.getEvery(), s.getType(), s.getArgs(), s.getQueue(), "capstan.schedules." + id)
                    .withEnabled(s.isEnabled()));
        });
        for (JobHandler<?> handler : handlers) {
            Class<?> type = AopUtils.getTargetClass(handler);
            for (PeriodicJob p : AnnotatedElementUtils.findMergedRepeatableAnnotations(type, PeriodicJob.class)) {
                String id = p.id().isEmpty() ? handler.type() : p.id();
                Duration every = p.every().isEmpty() ? null : DurationStyle.detectAndParse(p.every());
                out.add(build(id, p.cron().isEmpty() ? null : p.cron(), p.zone(), every, handler.type(), p.args(), p.queue(),
                        "@PeriodicJob on " + type.getName()));
            }
        }
        return out;
    }

    private static PeriodicSchedule build(String id, String cron, String zone, Duration every, String type, String args,
                                          String queue, String where) {
        if ((cron == null) == (every == null)) {
            throw new IllegalArgumentException(where + ": give either a cron expression or an interval (every), not both or neither");
        }
        PeriodicSchedule schedule = cron != null
                ? PeriodicSchedule.cron(id, cron, ZoneId.of(zone), type, args)
                : PeriodicSchedule.every(id, every, type, args);
        return schedule.withQueue(queue);
    }
}
