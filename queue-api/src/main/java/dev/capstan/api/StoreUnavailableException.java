package dev.capstan.api;

/** The job store (Redis) could not be reached; the operation did not happen and may be retried. */
public class StoreUnavailableException extends CapstanException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
