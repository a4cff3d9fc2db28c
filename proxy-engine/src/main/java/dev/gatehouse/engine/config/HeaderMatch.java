package dev.gatehouse.engine.config;

import java.util.Objects;

/**
 * A condition on one request header. Exactly one of {@code exact}, {@code regex} and
 * {@code present} is set; {@code present == false} means "absent". {@code invert} negates the
 * result.
 */
public record HeaderMatch(String name, String exact, String regex, Boolean present, boolean invert) {
    public HeaderMatch {
        Objects.requireNonNull(name, "name");
    }
}
