package dev.capstan.dashboard;

import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.scheduler.ScheduleView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link ScheduleDirectory} over the scheduler's {@link ScheduleAdmin}: every periodic schedule with
 * its trigger, job type, queue, whether it is enabled, and its next and last run. One read of the
 * schedules per poll of the Schedules tab.
 */
public final class ScheduleAdminDirectory implements ScheduleDirectory {
    private final ScheduleAdmin schedules;

    public ScheduleAdminDirectory(ScheduleAdmin schedules) {
        this.schedules = Objects.requireNonNull(schedules, "schedules");
    }

    @Override
    public List<Map<String, String>> schedules() {
        return schedules.list().stream().map(ScheduleAdminDirectory::describe).toList();
    }

    static Map<String, String> describe(ScheduleView v) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", v.schedule().id());
        m.put("trigger", v.schedule().trigger().describe());
        m.put("type", v.schedule().jobType());
        m.put("queue", v.schedule().queue());
        m.put("enabled", Boolean.toString(v.schedule().enabled()));
        m.put("nextRun", v.nextRun() == null ? "" : v.nextRun().toString());
        m.put("lastRun", v.lastRun() == null ? "never" : v.lastRun().toString());
        return m;
    }
}
