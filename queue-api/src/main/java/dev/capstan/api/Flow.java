package dev.capstan.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A tree of jobs, as BullMQ's flows: a parent runs once all its children have finished (each child
 * may itself be a flow), and reads their results with {@link JobContext#childResults}. Children may
 * live on other queues (other Redis Cluster slots). What a child's failure does to its parent is
 * chosen per child ({@link ChildFailure}, by default the parent fails too).
 *
 * <pre>{@code
 * Flow report = Flow.of(JobRequest.of("assemble", new Month("2024-05")).queue("reports"))
 *         .child(JobRequest.of("fetch", new Source("sales")).queue("sources"))
 *         .child(JobRequest.of("fetch", new Source("costs")).queue("sources"), ChildFailure.CONTINUE_PARENT);
 * Flow pipeline = Flow.chain(download, resize, publish);   // each step gets the previous one's result
 * }</pre>
 *
 * Every job of a flow is tracked ({@link JobTracker#status}) for {@link #keep} (default one day)
 * after it finishes, unless its request asks for another retention.
 */
public final class Flow {
    public static final Duration DEFAULT_KEEP = Duration.ofDays(1);

    /** A child of a flow and what its failure does to the parent. */
    public record Child(Flow flow, ChildFailure onFailure) {}

    private final JobRequest job;
    private final List<Child> children = new ArrayList<>();
    private Duration keep = DEFAULT_KEEP;

    private Flow(JobRequest job) {
        this.job = Objects.requireNonNull(job, "job");
    }

    /** A flow whose root is {@code job}. */
    public static Flow of(JobRequest job) {
        return new Flow(job);
    }

    /**
     * A chain: {@code steps[0]} runs first, each next step after the previous one succeeded, reading its
     * result with {@link JobContext#childResult}. A failed step fails the rest of the chain. The root
     * of the returned flow is the last step.
     */
    public static Flow chain(JobRequest... steps) {
        if (steps.length == 0) {
            throw new IllegalArgumentException("a chain needs at least one step");
        }
        Flow flow = of(steps[0]);
        for (int i = 1; i < steps.length; i++) {
            flow = of(steps[i]).child(flow);
        }
        return flow;
    }

    public Flow child(JobRequest child) {
        return child(of(child), ChildFailure.FAIL_PARENT);
    }

    public Flow child(JobRequest child, ChildFailure onFailure) {
        return child(of(child), onFailure);
    }

    public Flow child(Flow child) {
        return child(child, ChildFailure.FAIL_PARENT);
    }

    public Flow child(Flow child, ChildFailure onFailure) {
        children.add(new Child(Objects.requireNonNull(child, "child"), Objects.requireNonNull(onFailure, "onFailure")));
        return this;
    }

    /** How long the status of every job of this flow is kept after it finishes (requests may override it). */
    public Flow keep(Duration retention) {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("a flow needs a positive retention, was " + retention);
        }
        this.keep = retention;
        return this;
    }

    public JobRequest job() {
        return job;
    }

    public List<Child> children() {
        return List.copyOf(children);
    }

    public Duration keep() {
        return keep;
    }

    /** How many jobs the flow has in all. */
    public int size() {
        int n = 1;
        for (Child c : children) {
            n += c.flow().size();
        }
        return n;
    }
}
