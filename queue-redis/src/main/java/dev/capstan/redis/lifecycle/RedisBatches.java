package dev.capstan.redis.lifecycle;

import dev.capstan.api.Batch;
import dev.capstan.api.BatchOptions;
import dev.capstan.api.BatchStatus;
import dev.capstan.api.Batches;
import dev.capstan.api.EnqueueResult;
import dev.capstan.api.JobIds;
import dev.capstan.api.JobRequest;
import dev.capstan.api.LifecycleMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Batches on Redis. A batch's counts and options are one hash and its members another, under a tag
 * of their own ({@code {batch:ID}}); its progress is one read. Members are registered (counted)
 * before they are enqueued, each id once; a member's outcome reaches the batch from the member's
 * queue's outbox (see {@link OutboxRelay}), and the callbacks fire in the batch's own script (see
 * {@link BatchCallbacks}).
 */
final class RedisBatches implements Batches {
    private final LifecycleBroker broker;
    private final LifecycleEnqueue enqueue;
    private final BatchCallbacks callbacks;
    private final Function<JobRequest, Duration> keepOf;

    RedisBatches(LifecycleBroker broker, LifecycleEnqueue enqueue, BatchCallbacks callbacks,
                 Function<JobRequest, Duration> keepOf) {
        this.broker = broker;
        this.enqueue = enqueue;
        this.callbacks = callbacks;
        this.keepOf = keepOf;
    }

    @Override
    public Batch enqueue(BatchOptions options, List<JobRequest> jobs) {
        Batch batch = open(options);
        batch.add(jobs);
        batch.seal();
        return batch;
    }

    @Override
    public Batch open(BatchOptions options) {
        String id = JobIds.next();
        long now = System.currentTimeMillis();
        Map<String, String> info = new LinkedHashMap<>();
        info.put("description", options.description());
        info.put("created", Long.toString(now));
        info.put("total", "0");
        info.put("pending", "1"); // the producer's own unit, until the seal
        info.put("succeeded", "0");
        info.put("dead", "0");
        info.put("cancelled", "0");
        info.put("sealed", "0");
        info.put("keep", Long.toString(options.keep().toMillis()));
        info.put("cbQueue", options.callbackQueue());
        if (options.successType() != null) {
            info.put("cb:success", BatchCallbacks.spec(options.successType(), options.successOptions()));
        }
        if (options.completeType() != null) {
            info.put("cb:complete", BatchCallbacks.spec(options.completeType(), options.completeOptions()));
        }
        broker.createBatch(id, info, now);
        return new Handle(id);
    }

    @Override
    public Batch get(String batchId) {
        return new Handle(batchId);
    }

    @Override
    public Optional<BatchStatus> status(String batchId) {
        return Optional.ofNullable(read(batchId, broker.batchInfo(batchId)));
    }

    static BatchStatus read(String id, Map<String, String> info) {
        if (info.isEmpty()) {
            return null;
        }
        boolean sealed = "1".equals(info.get("sealed"));
        long pending = number(info.get("pending")) - (sealed ? 0 : 1);
        return new BatchStatus(id, info.getOrDefault("description", ""), number(info.get("total")), Math.max(0, pending),
                number(info.get("succeeded")), number(info.get("dead")), number(info.get("cancelled")), sealed,
                number(info.get("created")), number(info.get("completedAt")), number(info.get("succeededAt")));
    }

    private static long number(String s) {
        return s == null || s.isEmpty() ? 0 : Long.parseLong(s);
    }

    /** One batch, by id. */
    private final class Handle implements Batch {
        private final String id;

        Handle(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public List<EnqueueResult> add(List<JobRequest> jobs) {
            if (jobs.isEmpty()) {
                return List.of();
            }
            List<String> ids = new ArrayList<>(jobs.size());
            List<Duration> keeps = new ArrayList<>(jobs.size());
            for (JobRequest job : jobs) {
                enqueue.check(job); // before the members are counted: a refused request must not hold the batch open
                Duration keep = keepOf.apply(job);
                keeps.add(keep);
                ids.add(keep == null ? (job.jobId() != null ? job.jobId() : JobIds.next()) : TrackedIds.of(job));
            }
            long added = broker.batchAdd(id, ids);
            if (added == -2) {
                throw new IllegalStateException("there is no batch " + id + " (or it is past its retention)");
            }
            if (added == -1) {
                throw new IllegalStateException("batch " + id + " is already complete: jobs cannot be added to it any more");
            }
            Map<String, String> member = Map.of(LifecycleMetadata.BATCH, id);
            EnqueueResult[] results = new EnqueueResult[jobs.size()];
            List<JobRequest> plain = new ArrayList<>();
            List<String> plainIds = new ArrayList<>();
            List<Integer> plainAt = new ArrayList<>();
            try {
                for (int i = 0; i < jobs.size(); i++) {
                    if (keeps.get(i) == null) {
                        plain.add(jobs.get(i));
                        plainIds.add(ids.get(i));
                        plainAt.add(i);
                    } else {
                        results[i] = enqueue.tracked(jobs.get(i), ids.get(i), keeps.get(i), member, 0);
                    }
                }
                List<EnqueueResult> plainResults = enqueue.untracked(plain, plainIds, member);
                for (int i = 0; i < plainResults.size(); i++) {
                    results[plainAt.get(i)] = plainResults.get(i);
                }
            } catch (IllegalArgumentException refused) {
                // Refused at the door (too large, arguments that do not encode): the members not written
                // never run, so they count as cancelled and the batch can still complete.
                for (int i = 0; i < results.length; i++) {
                    if (results[i] == null) {
                        callbacks.record(id, ids.get(i), "cancelled");
                    }
                }
                throw refused;
            }
            for (int i = 0; i < results.length; i++) {
                if (!results[i].accepted()) {
                    // Not enqueued (its idempotency key had completed, or its dedup key is taken): nothing of it will run.
                    callbacks.record(id, ids.get(i), results[i].outcome() == EnqueueResult.Outcome.ALREADY_COMPLETED
                            ? "succeeded" : "cancelled");
                }
            }
            return List.of(results);
        }

        @Override
        public void seal() {
            callbacks.record(id, "", "sealed");
        }

        @Override
        public BatchStatus status() {
            BatchStatus status = read(id, broker.batchInfo(id));
            if (status == null) {
                throw new IllegalStateException("there is no batch " + id + " (or it is past its retention)");
            }
            return status;
        }
    }
}
