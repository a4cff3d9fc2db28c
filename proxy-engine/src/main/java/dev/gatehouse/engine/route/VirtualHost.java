package dev.gatehouse.engine.route;

import java.util.ArrayList;
import java.util.List;

/** A compiled virtual host: its domains and its routes, tried in declared order. */
public final class VirtualHost {
    private final String name;
    private final List<String> domains;
    private final List<Route> routes;
    private final Route[] routeArray;
    private final RouteDecision[] matchedDecisions;
    private final RouteDecision noRouteDecision;

    VirtualHost(String name, List<String> domains, List<Route> routes) {
        this.name = name;
        this.domains = List.copyOf(domains);
        this.routes = List.copyOf(routes);
        this.routeArray = routes.toArray(Route[]::new);
        this.matchedDecisions = new RouteDecision[routeArray.length];
        for (int i = 0; i < routeArray.length; i++) {
            matchedDecisions[i] = new RouteDecision(this, routeArray[i], List.of());
        }
        this.noRouteDecision = new RouteDecision(this, null, List.of());
    }

    public String name() {
        return name;
    }

    public List<String> domains() {
        return domains;
    }

    public List<Route> routes() {
        return routes;
    }

    /** First match wins; reasons are collected for up to {@code explainLimit} routes that did not match. */
    RouteDecision match(RouteRequest request, int explainLimit) {
        if (explainLimit <= 0) {
            for (int i = 0; i < routeArray.length; i++) {
                if (routeArray[i].matches(request)) {
                    return matchedDecisions[i];
                }
            }
            return noRouteDecision;
        }
        List<RouteMismatch> mismatches = null; // made on the first miss: most requests match the first route they try
        for (int i = 0; i < routeArray.length; i++) {
            Route route = routeArray[i];
            if (mismatches == null || mismatches.size() < explainLimit) {
                String why = route.mismatch(request);
                if (why == null) {
                    return mismatches == null ? matchedDecisions[i] : new RouteDecision(this, route, mismatches);
                }
                if (mismatches == null) {
                    mismatches = new ArrayList<>(Math.min(explainLimit, routeArray.length));
                }
                mismatches.add(new RouteMismatch(route.name(), why));
            } else if (route.matches(request)) {
                return new RouteDecision(this, route, mismatches);
            }
        }
        return mismatches == null ? noRouteDecision : new RouteDecision(this, null, mismatches);
    }

    @Override
    public String toString() {
        return "virtual host " + name + " " + domains + " (" + routes.size() + " routes)";
    }
}
