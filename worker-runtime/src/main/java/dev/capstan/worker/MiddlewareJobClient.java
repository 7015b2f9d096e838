package dev.capstan.worker;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobRequest;
import java.util.List;

/** A {@link JobClient} that passes every enqueue through a chain of {@link EnqueueMiddleware}. */
public final class MiddlewareJobClient implements JobClient {
    private final JobClient delegate;
    private final List<EnqueueMiddleware> chain;

    public MiddlewareJobClient(JobClient delegate, List<EnqueueMiddleware> chain) {
        this.delegate = delegate;
        this.chain = List.copyOf(chain);
    }

    @Override
    public EnqueueResult enqueue(JobRequest request) {
        return enqueueAll(List.of(request)).get(0);
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<JobRequest> requests) {
        return step(0, requests);
    }

    private List<EnqueueResult> step(int index, List<JobRequest> requests) {
        if (index == chain.size()) {
            return delegate.enqueueAll(requests);
        }
        return chain.get(index).around(requests, next -> step(index + 1, next));
    }
}
