package dev.capstan.redis.queue;

import dev.capstan.api.JobView;

/** A job found by id, with the exact element under which it is stored (needed to remove it). */
public record FoundJob(JobView view, String element) {}
