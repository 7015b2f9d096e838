package dev.capstan.worker;

import dev.capstan.api.Job;
import dev.capstan.redis.lifecycle.LifecycleSettler;

/** Progress of tracked jobs also goes into their status (one more round trip per report), so {@code status(id)} shows it. */
final class TrackedProgress implements ProgressPublisher {
    private final ProgressPublisher delegate;
    private final LifecycleSettler settler;

    TrackedProgress(ProgressPublisher delegate, LifecycleSettler settler) {
        this.delegate = delegate;
        this.settler = settler;
    }

    @Override
    public void publish(Job job, int percent, String message) {
        delegate.publish(job, percent, message);
        try {
            settler.progress(job, percent, message);
        } catch (RuntimeException e) {
            // progress is decoration: a failed write must not fail the job
        }
    }

    @Override
    public void clear(Job job) {
        delegate.clear(job);
    }
}
