package dev.gatehouse.engine.config;

import java.util.Objects;

/**
 * Something legal but probably not meant, such as a route that can never match. Warnings never
 * stop a config from loading; they are located like {@link ConfigError}s.
 */
public record ConfigWarning(String source, int line, int column, String path, String message) {
    public ConfigWarning {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line:column: warning: path: message}. */
    @Override
    public String toString() {
        return ConfigProblemText.format(source, line, column, "warning: ", path, message);
    }
}
