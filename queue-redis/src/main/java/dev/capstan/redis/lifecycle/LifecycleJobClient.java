package dev.capstan.redis.lifecycle;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobClient;
import dev.capstan.api.JobRequest;
import dev.capstan.api.JobTracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link JobClient} producers get: plain jobs go to the plain client untouched (one round trip
 * per queue, as before), tracked ones ({@link JobRequest#keepResult}, or a type given a retention
 * with {@code CapstanRedis.keepResults}) get an id that names their queue and a status, one script
 * each. Every result is a handle on its job (status, await, cancel).
 */
public final class LifecycleJobClient implements JobClient {
    private final JobClient plain;
    private final LifecycleEnqueue tracked;
    private final JobTracker tracker;
    private final Map<String, Duration> keepByType;

    LifecycleJobClient(JobClient plain, LifecycleEnqueue tracked, JobTracker tracker, Map<String, Duration> keepByType) {
        this.plain = plain;
        this.tracked = tracked;
        this.tracker = tracker;
        this.keepByType = keepByType;
    }

    @Override
    public EnqueueResult enqueue(JobRequest request) {
        return enqueueAll(List.of(request)).get(0);
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<JobRequest> requests) {
        List<JobRequest> plainRequests = new ArrayList<>(requests.size());
        boolean anyTracked = false;
        for (JobRequest r : requests) {
            if (keep(r) == null) {
                plainRequests.add(r);
            } else {
                anyTracked = true;
            }
        }
        if (!anyTracked) {
            List<EnqueueResult> results = plain.enqueueAll(requests);
            List<EnqueueResult> handles = new ArrayList<>(results.size());
            results.forEach(r -> handles.add(r.withTracker(tracker)));
            return handles;
        }
        List<EnqueueResult> plainResults = plainRequests.isEmpty() ? List.of() : plain.enqueueAll(plainRequests);
        List<EnqueueResult> results = new ArrayList<>(requests.size());
        int next = 0;
        for (JobRequest r : requests) {
            Duration keep = keep(r);
            if (keep == null) {
                results.add(plainResults.get(next++).withTracker(tracker));
            } else {
                results.add(tracked.tracked(r, TrackedIds.of(r), keep, Map.of(), 0));
            }
        }
        return results;
    }

    private Duration keep(JobRequest r) {
        Duration keep = r.keepResult();
        return keep != null || keepByType.isEmpty() ? keep : keepByType.get(r.type());
    }
}
