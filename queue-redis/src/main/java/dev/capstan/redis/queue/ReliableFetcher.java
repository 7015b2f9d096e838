package dev.capstan.redis.queue;

import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobDecodeException;
import dev.capstan.redis.queue.QueueBroker.Move;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;
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
 * Redis cannot be reached the fetch returns nothing after a short back-off (growing to one second),
 * and the next call tries again: a fetcher resumes on its own after a restart or a dropped connection.
 */
public final class ReliableFetcher {
    private static final Logger log = LoggerFactory.getLogger(ReliableFetcher.class);
    private static final long MAX_BACKOFF_MS = 1_000;

    private final QueueBroker broker;
    private final JobCodec codec;
    private final String queue;
    private final String workerId;
    private long backoffMs;
    private boolean registered;

    public ReliableFetcher(QueueBroker broker, JobCodec codec, String queue, String workerId) {
        this.broker = broker;
        this.codec = codec;
        this.queue = queue;
        this.workerId = workerId;
    }

    public String queue() {
        return queue;
    }

    /** Up to {@code max} jobs, waiting at most about {@code wait} when the queue is empty. */
    public List<FetchedJob> fetch(int max, Duration wait) {
        try {
            if (!registered) {
                broker.registerWorker(queue, workerId);
                registered = true;
            }
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
            backoffMs = 0;
            return decode(elements);
        } catch (JedisConnectionException e) {
            backOff(e);
            return List.of();
        } catch (JedisException e) {
            // e.g. LOADING while a restarted server reads its data, or READONLY during a failover
            backOff(e);
            return List.of();
        }
    }

    private List<FetchedJob> decode(List<String> elements) {
        List<FetchedJob> jobs = new ArrayList<>(elements.size());
        List<Move> undecodable = null;
        for (String element : elements) {
            try {
                Job job = codec.decode(element);
                jobs.add(new FetchedJob(queue, workerId, element, job));
            } catch (JobDecodeException | IllegalArgumentException | NullPointerException e) {
                String reason = e.getMessage();
                log.warn("queue {}: moving an undecodable element to the dead set: {}", queue, reason);
                if (undecodable == null) {
                    undecodable = new ArrayList<>();
                }
                undecodable.add(new Move(element, UndecodableElements.wrap(codec, queue, element, reason)));
            }
        }
        if (undecodable != null) {
            broker.dead(queue, workerId, undecodable);
        }
        return jobs;
    }

    private void backOff(JedisException e) {
        backoffMs = backoffMs == 0 ? 50 : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        registered = false;
        log.warn("queue {}: fetch failed ({}); retrying in {} ms", queue, e.getMessage(), backoffMs);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMs));
    }
}
