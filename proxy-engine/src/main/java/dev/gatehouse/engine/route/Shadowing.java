package dev.gatehouse.engine.route;

import java.util.Objects;

/**
 * A route that can never match: an earlier route of the same virtual host, with no method,
 * header or query condition, matches every path it could. Reported when the earlier route's
 * prefix covers the later route's prefix or exact path, or both are the same exact path, taking
 * case sensitivity into account (a case-insensitive route is covered by a case-sensitive one only
 * if the covering text has no letters).
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
