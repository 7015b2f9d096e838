package dev.capstan.api;

/** Enqueues {@link Flow}s. */
public interface Flows {

    /**
     * Enqueues every job of the flow: parents first, held until their children finish, then the
     * leaves, which run at once (or at their run-at). One round trip per job.
     */
    FlowResult enqueue(Flow flow);
}
