package dev.capstan.api;

/**
 * A job as the admin API shows it: where it is, and for in-flight jobs which worker holds it.
 * {@code at} is the time that matters in that state (run time, death time; 0 when none).
 */
public record JobView(Job job, JobState state, String workerId, long at) {}
