package dev.gatehouse.engine.config;

import java.util.Objects;

/** A condition on one query parameter: exactly one of {@code exact}, {@code regex}, {@code present}. */
public record QueryMatch(String name, String exact, String regex, Boolean present) {
    public QueryMatch {
        Objects.requireNonNull(name, "name");
    }
}
