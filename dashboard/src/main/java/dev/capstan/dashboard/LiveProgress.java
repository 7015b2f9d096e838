package dev.capstan.dashboard;

import java.util.Map;

/**
 * Live progress of running jobs, shown next to in-flight jobs and workers: job id to a short
 * status text (for example {@code "40% resizing images"}). Optional; a live-status primitive will
 * plug in here.
 */
@FunctionalInterface
public interface LiveProgress {

    /** Job id to its current progress text; jobs without progress are absent. */
    Map<String, String> current();
}
