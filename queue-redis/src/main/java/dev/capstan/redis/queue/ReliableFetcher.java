package dev.capstan.redis.queue;

import dev.capstan.api.LogText;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobDecodeException;
import dev.capstan.redis.outage.OutageBackoff;
import dev.capstan.redis.queue.QueueBroker.Move;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Fetches jobs of one queue for one worker, reliably: each job moves atomically into the worker's
 * processing list, where it stays until acknowledged.
 *
 * <p>A fetch first takes up to {@code max} jobs in one script call. When the queue is empty it
 * blocks on BLMOVE (one pooled connection per fetcher, not per worker thread) until a job arrives or
 * {@code wait} passes, so an idle worker wakes within milliseconds of an enqueue without polling;
 * then it tops the batch up in one more call.
 *
 * <p>Elements that do not decode go to the dead set with the reason, and the fetch goes on. When
 * Redis cannot be reached the fetch returns nothing after a jittered back-off (growing to
 * {@link OutageBackoff#MAX}), and the next call tries again: a fetcher resumes on its own after a
 * restart or a dropped connection. The outage is logged once when it starts and once when it ends.
 * A failed call may still have moved jobs into the processing list (the reply was lost, not the
 * command): {@link #lastCallFailed()} tells the worker to reconcile its list with what it holds.
 */
public final class ReliableFetcher {
    private static final Logger log = LoggerFactory.getLogger(ReliableFetcher.class);

    private final QueueBroker broker;
    private final JobCodec codec;
    private final String queue;
    private final String workerId;
    private final OutageBackoff backoff;
    private boolean registered;
    private volatile boolean lastCallFailed;

    public ReliableFetcher(QueueBroker broker, JobCodec codec, String queue, String workerId) {
        this(broker, codec, queue, workerId, "fetching from queue " + queue);
    }

    /** {@code loop} names this fetcher in the outage log lines (e.g. "waker of queue q"). */
    public ReliableFetcher(QueueBroker broker, JobCodec codec, String queue, String workerId, String loop) {
        this.broker = broker;
        this.codec = codec;
        this.queue = queue;
        this.workerId = workerId;
        this.backoff = new OutageBackoff(loop, log);
    }

    /** Whether the last fetch call failed (it may have moved jobs whose reply was lost). */
    public boolean lastCallFailed() {
        return lastCallFailed;
    }

    public String queue() {
        return queue;
    }

    /** Up to {@code max} jobs, waiting at most about {@code wait} when the queue is empty. */
    public List<FetchedJob> fetch(int max, Duration wait) {
        List<String> elements = fetchElements(max, wait);
        List<FetchedJob> jobs = new ArrayList<>(elements.size());
        for (String element : elements) {
            decode(element).ifPresent(jobs::add);
        }
        return jobs;
    }

    /**
     * Like {@link #fetch} but without decoding: the elements now in the worker's processing list.
     * A worker decodes them on its job threads with {@link #decode}, so that one fetching thread
     * does not do every job's JSON work.
     */
    public List<String> fetchElements(int max, Duration wait) {
        try {
            register();
            List<String> elements = broker.fetch(queue, workerId, max);
            if (elements.isEmpty() && !wait.isZero()) {
                String first = broker.blockingFetch(queue, workerId, wait);
                if (first != null) {
                    elements = new ArrayList<>(max);
                    elements.add(first);
                    if (max > 1) {
                        elements.addAll(broker.fetch(queue, workerId, max - 1));
                    }
                }
            }
            succeeded();
            return elements;
        } catch (JedisException e) {
            // connection lost, LOADING while a restarted server reads its data, READONLY in a failover
            backOff(e);
            return List.of();
        }
    }

    /**
     * Waits up to {@code wait} for one job with BLMOVE alone (no batch fetch first): for an idle
     * worker that already knows the queue is empty. Returns the element, or null.
     */
    public String awaitElement(Duration wait) {
        try {
            register();
            String element = broker.blockingFetch(queue, workerId, wait);
            succeeded();
            return element;
        } catch (JedisException e) {
            backOff(e);
            return null;
        }
    }

    /**
     * Decodes a fetched element. One that does not decode goes to the dead set with the reason,
     * and the answer is empty: the fetch goes on with the next.
     */
    public java.util.Optional<FetchedJob> decode(String element) {
        try {
            return java.util.Optional.of(new FetchedJob(queue, workerId, element, codec.decode(element)));
        } catch (JobDecodeException | IllegalArgumentException | NullPointerException e) {
            String reason = e.getMessage();
            log.warn("queue {}: moving an undecodable element to the dead set: {}", queue, LogText.escape(reason));
            broker.dead(queue, workerId, List.of(new Move(element, UndecodableElements.wrap(codec, queue, element, reason))));
            return java.util.Optional.empty();
        }
    }

    private void register() {
        if (!registered) {
            broker.registerWorker(queue, workerId);
            registered = true;
        }
    }

    private void succeeded() {
        lastCallFailed = false;
        backoff.succeeded();
    }

    private void backOff(JedisException e) {
        lastCallFailed = true;
        registered = false;
        // A wrong-type key (WRONGTYPE, named in the message) is not transient either: the same backoff
        // keeps it to one attempt per few seconds and one log line.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff.failed(e)));
    }
}
