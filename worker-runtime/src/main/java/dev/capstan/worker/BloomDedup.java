package dev.capstan.worker;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobRequest;
import dev.capstan.redis.bloom.BloomFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Approximate dedup at enqueue for very large key spaces (e.g. every message id ever received),
 * as an {@link EnqueueMiddleware} on a Bloom filter: a request whose key the filter has (probably)
 * seen is not enqueued and comes back as {@code DUPLICATE} with no job id.
 *
 * <p>The trade-off, stated plainly: memory is about 9.6 bits per key at a 1 % false-positive rate
 * (1.2 MB per million keys, for ever, with no TTL), and a false positive drops a job that was
 * NOT a duplicate, at the filter's rate. A duplicate is never let through. When dropping a real
 * job is not acceptable, use the exact dedup key ({@link JobRequest#dedupKey}), which costs one
 * Redis key per live dedup key but is exact and expires.
 *
 * <p>Each keyed request is checked and recorded in one atomic script call, so two producers racing
 * with the same key cannot both enqueue it.
 */
public final class BloomDedup implements EnqueueMiddleware {
    private final BloomFilter filter;
    private final Function<JobRequest, String> key;

    /** {@code key} gives a request's dedup key, or null for requests that are not deduplicated. */
    public BloomDedup(BloomFilter filter, Function<JobRequest, String> key) {
        this.filter = filter;
        this.key = key;
    }

    @Override
    public List<EnqueueResult> around(List<JobRequest> requests, Next next) {
        List<JobRequest> fresh = new ArrayList<>(requests.size());
        EnqueueResult[] results = new EnqueueResult[requests.size()];
        List<Integer> freshIndex = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            JobRequest request = requests.get(i);
            String k = key.apply(request);
            if (k != null && filter.add(k) == 0) {
                results[i] = new EnqueueResult(null, EnqueueResult.Outcome.DUPLICATE);
            } else {
                fresh.add(request);
                freshIndex.add(i);
            }
        }
        if (!fresh.isEmpty()) {
            List<EnqueueResult> enqueued = next.proceed(fresh);
            for (int j = 0; j < enqueued.size(); j++) {
                results[freshIndex.get(j)] = enqueued.get(j);
            }
        }
        return List.of(results);
    }
}
