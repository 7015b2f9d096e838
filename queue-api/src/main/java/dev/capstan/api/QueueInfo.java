package dev.capstan.api;

/**
 * One queue at a glance: waiting jobs, the age in milliseconds of the oldest waiting job
 * (its latency), jobs in flight, and scheduled, retry and dead counts.
 */
public record QueueInfo(String name, long size, long latencyMillis, long inFlight,
                        long scheduled, long dead, boolean paused) {}
