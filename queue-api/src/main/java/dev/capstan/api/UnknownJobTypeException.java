package dev.capstan.api;

/** No handler is registered for a job's type. The job goes to the dead set with this message. */
public class UnknownJobTypeException extends CapstanException {
    public UnknownJobTypeException(String type) {
        super("no handler is registered for job type '" + type
                + "'; register one with the worker (e.g. Worker.builder().handler(...)) and retry the job from the dead set");
    }
}
