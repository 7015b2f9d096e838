package dev.capstan.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Puts jobs into queues. Implementations are thread-safe. */
public interface JobClient {

    /** Enqueues one job (now, or at its {@link JobRequest#runAt} time). */
    EnqueueResult enqueue(JobRequest request);

    /** Enqueues many jobs in as few round trips as the store allows; results are in request order. */
    List<EnqueueResult> enqueueAll(List<JobRequest> requests);

    default EnqueueResult enqueue(String type, Object args) {
        return enqueue(JobRequest.of(type, args));
    }

    /** Enqueues a job for handler class {@code handler}: no type string, so a rename cannot leave producers behind. */
    default <A> EnqueueResult enqueue(Class<? extends JobHandler<A>> handler, A args) {
        return enqueue(JobRequest.of(handler, args));
    }

    /** Enqueues arguments whose class names its job type with {@link JobType}. */
    default EnqueueResult enqueue(JobArgs args) {
        return enqueue(JobRequest.of(args));
    }

    default EnqueueResult enqueueAt(JobRequest request, Instant at) {
        return enqueue(request.runAt(at));
    }

    default EnqueueResult enqueueIn(JobRequest request, Duration delay) {
        return enqueue(request.runIn(delay));
    }
}
