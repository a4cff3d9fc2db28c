package dev.gatehouse.engine.runtime;

/** A valid config that could not be put into service (port taken, host unknown); nothing changed. */
public final class ApplyException extends Exception {
    public ApplyException(String message) {
        super(message);
    }

    public ApplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
