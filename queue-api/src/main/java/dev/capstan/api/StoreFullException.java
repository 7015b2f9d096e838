package dev.capstan.api;

/**
 * The job store (Redis) refused a write because it is out of memory: it reached {@code maxmemory}
 * with the {@code noeviction} policy. What the exception names was not written. Enqueueing again
 * helps only once memory is freed (workers draining queues, dead jobs deleted) or the limit raised.
 */
public class StoreFullException extends CapstanException {
    public StoreFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
