package dev.capstan.examples.spring;

import dev.capstan.api.JobArgs;
import dev.capstan.api.JobType;

// tag::args[]
/** The job's arguments; the record names its job type, so producers need no type string. */
@JobType("send-welcome-email")
public record WelcomeEmail(long userId, String email) implements JobArgs {}
// end::args[]
