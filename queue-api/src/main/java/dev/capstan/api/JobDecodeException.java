package dev.capstan.api;

/** A stored job or its arguments could not be decoded. The job is moved to the dead set with this message. */
public class JobDecodeException extends CapstanException {
    public JobDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
