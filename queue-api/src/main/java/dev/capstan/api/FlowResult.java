package dev.capstan.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The jobs a flow became, in the flow's shape: {@link #job()} is this node's enqueue result (a handle
 * to await it), {@link #children()} those of its children, in the order they were added.
 */
public record FlowResult(EnqueueResult job, List<FlowResult> children) {

    public FlowResult {
        children = List.copyOf(children);
    }

    /** Every job id of the flow, this node first, then its children depth first. */
    public List<String> jobIds() {
        List<String> ids = new ArrayList<>();
        collect(ids);
        return ids;
    }

    private void collect(List<String> ids) {
        ids.add(job.jobId());
        children.forEach(c -> c.collect(ids));
    }
}
