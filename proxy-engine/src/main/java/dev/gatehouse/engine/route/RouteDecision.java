package dev.gatehouse.engine.route;

import java.util.List;

/**
 * The outcome of routing one request: the virtual host and route chosen, or no route (with the
 * virtual host, if the authority selected one). Decisions without explanations are built once per
 * route when the table is compiled, so returning one allocates nothing.
 */
public final class RouteDecision {
    static final RouteDecision NO_VIRTUAL_HOST = new RouteDecision(null, null, List.of());

    private final VirtualHost virtualHost;
    private final Route route;
    private final List<RouteMismatch> mismatches;

    RouteDecision(VirtualHost virtualHost, Route route, List<RouteMismatch> mismatches) {
        this.virtualHost = virtualHost;
        this.route = route;
        this.mismatches = List.copyOf(mismatches);
    }

    public boolean isMatched() {
        return route != null;
    }

    /** The virtual host the authority selected; null if none serves it. */
    public VirtualHost virtualHost() {
        return virtualHost;
    }

    /** The route that took the request; null if none did. */
    public Route route() {
        return route;
    }

    /**
     * Routes tried before the decision and why each did not match, in order, up to the limit
     * passed to {@link RouteTable#match(RouteRequest, int)}; empty when not asked for.
     */
    public List<RouteMismatch> mismatches() {
        return mismatches;
    }

    @Override
    public String toString() {
        if (virtualHost == null) {
            return "no virtual host";
        }
        String outcome = route != null ? route.name() + " in " + virtualHost.name() : "no route in " + virtualHost.name();
        return mismatches.isEmpty() ? outcome : outcome + " after " + mismatches;
    }
}
