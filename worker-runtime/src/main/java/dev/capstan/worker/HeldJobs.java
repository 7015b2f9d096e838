package dev.capstan.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this worker really holds of its processing lists: every element from the moment a fetch
 * returns it until its outcome is written (acknowledged, retried, dead, pushed back). The
 * {@link ProcessingListReconciler} compares it with the lists in Redis: an element in a list but not
 * held was moved there by a fetch whose reply was lost, and goes back to the queue; a held element
 * that left the list was taken back by the reaper, and its copy here must stop.
 *
 * <p>It also tracks the fetch calls in flight: an element a fetch moved is not "held" until the
 * reply arrives, so the reconciler returns only elements that no call in flight can still deliver.
 */
final class HeldJobs {
    /** Who is responsible for an element now. */
    enum Stage {
        /** Fetched, not yet started or running: the reconciler checks it against Redis. */
        HELD,
        /** Its outcome is being written (queued for a batched ack, pushed back): the reconciler leaves it alone. */
        SETTLING,
        /** Its outcome could not be written (a key of the wrong type...): it stays in the list, and here, until shutdown. */
        STUCK
    }

    /** One held element; {@code heldSince} is epoch ms (for "held for" in the admin API). */
    static final class Entry {
        final String queue;
        final String element;
        final long heldSince;
        volatile Stage stage = Stage.HELD;
        volatile String jobId;
        /** Taken back by the reaper before this worker started it: do not start it. */
        volatile boolean taken;

        Entry(String queue, String element, long heldSince) {
            this.queue = queue;
            this.element = element;
            this.heldSince = heldSince;
        }
    }

    private final Map<String, Entry> held = new ConcurrentHashMap<>();
    private final Map<Long, FetchCall> fetchesInFlight = new ConcurrentHashMap<>();
    private final AtomicLong fetchCalls = new AtomicLong();

    /** Records elements a fetch just returned. */
    void fetched(String queue, List<String> elements) {
        long now = System.currentTimeMillis();
        for (String element : elements) {
            held.put(element, new Entry(queue, element, now));
        }
    }

    void fetched(String queue, String element) {
        held.put(element, new Entry(queue, element, System.currentTimeMillis()));
    }

    Entry get(String element) {
        return held.get(element);
    }

    boolean holds(String element) {
        return held.containsKey(element);
    }

    void started(String element, String jobId) {
        Entry e = held.get(element);
        if (e != null) {
            e.jobId = jobId;
        }
    }

    /** Its outcome is being written by someone else now (the ack batcher, a push-back). */
    void settling(String element) {
        Entry e = held.get(element);
        if (e != null) {
            e.stage = Stage.SETTLING;
        }
    }

    /** Its outcome could not be written; it stays in the processing list until shutdown. */
    void stuck(String element) {
        Entry e = held.get(element);
        if (e != null) {
            e.stage = Stage.STUCK;
        }
    }

    /** The element's outcome is written (or it was dropped): no longer held. */
    void release(String element) {
        held.remove(element);
    }

    /** After a run: released unless someone else settles it (ack batcher) or it is stuck. */
    void runEnded(String element) {
        held.computeIfPresent(element, (k, e) -> e.stage == Stage.HELD ? null : e);
    }

    List<Entry> entries(String queue) {
        List<Entry> list = new ArrayList<>();
        for (Entry e : held.values()) {
            if (e.queue.equals(queue)) {
                list.add(e);
            }
        }
        return list;
    }

    List<Entry> entries() {
        return new ArrayList<>(held.values());
    }

    int size() {
        return held.size();
    }

    /** A fetch call for {@code queue} is about to be sent; returns its token for {@link #fetchEnded}. */
    long fetchStarting(String queue) {
        long token = fetchCalls.incrementAndGet();
        fetchesInFlight.put(token, new FetchCall(queue, System.nanoTime()));
        return token;
    }

    void fetchEnded(long token) {
        fetchesInFlight.remove(token);
    }

    /** Whether a fetch of {@code queue} sent before {@code nanos} has not returned yet (it may still deliver). */
    boolean fetchInFlightSince(String queue, long nanos) {
        for (FetchCall c : fetchesInFlight.values()) {
            if (c.queue().equals(queue) && c.startedNanos() - nanos <= 0) {
                return true;
            }
        }
        return false;
    }

    private record FetchCall(String queue, long startedNanos) {}
}
