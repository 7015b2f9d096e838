package dev.capstan.api;

/** A job that was cancelled, as the admin API lists it: the job and when it was cancelled (epoch ms). */
public record CancelledJob(Job job, long cancelledAt) {}
