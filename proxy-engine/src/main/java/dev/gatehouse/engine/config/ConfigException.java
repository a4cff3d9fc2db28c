package dev.gatehouse.engine.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config document was rejected. It carries every error found in the one pass over the document,
 * in document order, so a user can fix them all at once rather than one per attempt.
 */
public final class ConfigException extends RuntimeException {
    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(describe(errors));
        this.errors = List.copyOf(errors);
    }

    /** Never empty. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String describe(List<ConfigError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        String heading = errors.size() == 1 ? "invalid config (1 error):" : "invalid config (" + errors.size() + " errors):";
        return errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n  ", heading + "\n  ", ""));
    }
}
