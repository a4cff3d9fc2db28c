package dev.gatehouse.engine.runtime;

import dev.gatehouse.engine.config.ConfigError;
import dev.gatehouse.engine.config.ConfigException;
import java.util.List;

/**
 * A config was not put into service, and nothing changed: it is invalid (its {@link #errors()}), or
 * something it needs cannot be had (port taken, host unknown).
 */
public final class ApplyException extends Exception {
    public ApplyException(String message) {
        super(message);
    }

    public ApplyException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What makes the config invalid; empty when it is valid but could not be put into service. */
    public List<ConfigError> errors() {
        return getCause() instanceof ConfigException invalid ? invalid.errors() : List.of();
    }
}
