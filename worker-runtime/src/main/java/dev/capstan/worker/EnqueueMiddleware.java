package dev.capstan.worker;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobRequest;
import java.util.List;

/**
 * Wraps every enqueue through a {@link MiddlewareJobClient}: add metadata (tenant, trace id),
 * validate, or log. Call {@code next.proceed(requests)} to go on.
 */
@FunctionalInterface
public interface EnqueueMiddleware {

    List<EnqueueResult> around(List<JobRequest> requests, Next next);

    @FunctionalInterface
    interface Next {
        List<EnqueueResult> proceed(List<JobRequest> requests);
    }
}
