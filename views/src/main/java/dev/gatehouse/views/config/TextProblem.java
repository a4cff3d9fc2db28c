package dev.gatehouse.views.config;

import java.util.Objects;

/**
 * An error or warning about the config text, positioned 1-based (0 when the problem has no place,
 * e.g. an engine that could not bind a port).
 *
 * @param path the config path, e.g. {@code routes[1].match.prefix}; may be empty
 */
public record TextProblem(int line, int column, String path, String message, boolean warning) {
    public TextProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        String where = line > 0 ? line + ":" + column + ": " : "";
        return where + (warning ? "warning: " : "") + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
