package dev.capstan.worker;

import dev.capstan.api.Job;
import dev.capstan.api.JobContext;

/**
 * Wraps the execution of every job on a worker (logging, tracing, tenancy). Call
 * {@code next.proceed()} to run the rest of the chain and the handler; throw to fail the attempt.
 */
@FunctionalInterface
public interface ExecutionMiddleware {

    void around(Job job, JobContext context, Next next) throws Exception;

    /** The rest of the chain. */
    @FunctionalInterface
    interface Next {
        void proceed() throws Exception;
    }
}
