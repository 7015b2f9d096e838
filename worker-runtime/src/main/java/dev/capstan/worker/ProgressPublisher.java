package dev.capstan.worker;

import dev.capstan.api.Job;

/** Where {@code JobContext.progress(...)} goes: by default the live-status primitive, for the dashboard. */
public interface ProgressPublisher {

    void publish(Job job, int percent, String message);

    /** The job finished: its live status can go. */
    void clear(Job job);

    ProgressPublisher NONE = new ProgressPublisher() {
        @Override
        public void publish(Job job, int percent, String message) {}

        @Override
        public void clear(Job job) {}
    };
}
