package dev.gatehouse.engine.config;

import java.util.Objects;

/**
 * A route that can never match: an earlier route of the same virtual host takes every request it
 * could. Found by {@link RouteShadowing}, which reports only certain cases.
 *
 * @param index           the shadowed route's index in the routes list, for {@code routes[i]} paths
 * @param shadowedByIndex the earlier route's index in the same list
 * @param reason          e.g. {@code prefix /api covers prefix /api/users}
 */
public record Shadowing(String virtualHost, int index, String route, int shadowedByIndex, String shadowedBy,
                        String reason) {
    public Shadowing {
        Objects.requireNonNull(virtualHost, "virtualHost");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(shadowedBy, "shadowedBy");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return "routes[" + index + "] '" + route + "' in virtual host '" + virtualHost + "' can never match: routes["
                + shadowedByIndex + "] '" + shadowedBy + "' takes its requests first (" + reason + ")";
    }
}
