package dev.capstan.dashboard;

import java.util.List;
import java.util.Map;

/**
 * Periodic and delayed schedules, shown read-only in their own tab. Optional. Each schedule is a
 * flat map of display fields (for example name, cron, queue, type, nextRunAt), so that the
 * scheduler can evolve without the dashboard having to follow its model.
 */
@FunctionalInterface
public interface ScheduleDirectory {

    List<Map<String, String>> schedules();
}
