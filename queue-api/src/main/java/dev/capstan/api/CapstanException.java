package dev.capstan.api;

/** Base of Capstan's own exceptions. Messages say what went wrong and what to do. */
public class CapstanException extends RuntimeException {
    public CapstanException(String message) {
        super(message);
    }

    public CapstanException(String message, Throwable cause) {
        super(message, cause);
    }
}
