package dev.gatehouse.engine.route;

import java.util.Objects;

/** Why one route did not take a request, for traces: e.g. {@code header x-canary absent}. */
public record RouteMismatch(String route, String reason) {
    public RouteMismatch {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return route + ": " + reason;
    }
}
