package dev.capstan.redis.lifecycle;

import dev.capstan.api.EnqueueResult;
import dev.capstan.api.Flow;
import dev.capstan.api.FlowResult;
import dev.capstan.api.Flows;
import dev.capstan.api.LifecycleMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flows on Redis. Parents are enqueued before their children, held in their status hash (state
 * waiting-children, with their element and a count of pending children) in their own queue's slot;
 * then the children, each naming its parent. A finished child reports through its queue's outbox to
 * its parent's slot (child_done.lua: idempotent per child), which queues the parent after the last
 * child, or fails it, by the child's {@link dev.capstan.api.ChildFailure}. Children may be on other
 * queues: no step touches two slots. If the producer dies half-way, a parent whose children were not
 * all enqueued stays waiting (visible, and cancellable).
 */
final class RedisFlows implements Flows {
    private final LifecycleEnqueue enqueue;

    RedisFlows(LifecycleEnqueue enqueue) {
        this.enqueue = enqueue;
    }

    @Override
    public FlowResult enqueue(Flow flow) {
        checkAll(flow); // every node passes the door before the first is written: a parent never waits for a refused child
        return node(flow, null, null);
    }

    private void checkAll(Flow flow) {
        enqueue.check(flow.job());
        flow.children().forEach(child -> checkAll(child.flow()));
    }

    private FlowResult node(Flow flow, String parentId, String onFailure) {
        Map<String, String> lifecycle = new LinkedHashMap<>();
        if (parentId != null) {
            lifecycle.put(LifecycleMetadata.PARENT, parentId);
            lifecycle.put(LifecycleMetadata.ON_FAILURE, onFailure);
        }
        Duration keep = flow.job().keepResult() != null ? flow.job().keepResult() : flow.keep();
        int children = flow.children().size();
        EnqueueResult result = enqueue.tracked(flow.job(), TrackedIds.of(flow.job()), keep, lifecycle, children);
        if (children > 0 && !result.accepted()) {
            // A parent refused by its idempotency or dedup key: it does not exist, so its children would wait for nothing.
            return new FlowResult(result, List.of());
        }
        List<FlowResult> done = new ArrayList<>(children);
        for (Flow.Child child : flow.children()) {
            done.add(node(child.flow(), result.jobId(), child.onFailure().name()));
        }
        return new FlowResult(result, done);
    }
}
