package dev.capstan.redis.queue;

import dev.capstan.api.Job;

/**
 * A job a worker has fetched: the decoded job, and the exact element in the worker's processing
 * list, which acknowledging or failing the job must name.
 */
public record FetchedJob(String queue, String workerId, String element, Job job) {}
