package dev.capstan.spring.boot;

import dev.capstan.scheduler.ScheduleAdmin;
import dev.capstan.scheduler.ScheduleView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The dashboard's schedules tab: each periodic schedule as the flat display row the dashboard shows. */
final class ScheduleRows {
    private ScheduleRows() {}

    static List<Map<String, String>> of(ScheduleAdmin admin) {
        return admin.list().stream().map(ScheduleRows::row).toList();
    }

    private static Map<String, String> row(ScheduleView v) {
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
