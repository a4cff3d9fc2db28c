package dev.gatehouse.engine.config;

import java.util.Objects;

/**
 * One thing wrong with a config document, located precisely enough for an editor to underline it.
 *
 * @param source  the file (or editor buffer) name the text came from
 * @param line    1-based; 0 when the problem has no position (e.g. the file cannot be read)
 * @param column  1-based; 0 together with {@code line}
 * @param path    where in the document, e.g. {@code routes[3].match.prefix}; empty for the document itself
 */
public record ConfigError(String source, int line, int column, String path, String message) {
    public ConfigError {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line:column: path: message}, the shape compilers use, so terminals and IDEs link it. */
    @Override
    public String toString() {
        return ConfigProblemText.format(source, line, column, "", path, message);
    }
}
