package dev.gatehouse.engine.route;

import dev.gatehouse.engine.config.RouteConfig;
import dev.gatehouse.engine.config.VirtualHostConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The routing decision for one listener: virtual hosts selected by authority, then routes in
 * declared order, first match wins. Compiled once from config (off the event loop), immutable,
 * and safe to share across threads; a new config means a new table swapped in whole.
 *
 * <p>Routes whose {@code virtual_host} is {@value VirtualHostConfig#DEFAULT_NAME} belong to an
 * implicit virtual host of that name with domains {@code ["*"]}, unless one of that name is
 * declared.
 */
public final class RouteTable {
    private final List<VirtualHost> virtualHosts;
    private final DomainIndex domains;

    private RouteTable(List<VirtualHost> virtualHosts, DomainIndex domains) {
        this.virtualHosts = virtualHosts;
        this.domains = domains;
    }

    /** A table over every virtual host. */
    public static RouteTable compile(List<VirtualHostConfig> virtualHosts, List<RouteConfig> routes) {
        return compile(virtualHosts, routes, Set.of());
    }

    /**
     * A table over the virtual hosts a listener serves.
     *
     * @param served virtual host names; empty means all. Routes of other virtual hosts are not
     *               compiled into this table.
     * @throws IllegalArgumentException listing what is wrong: a malformed route, a route or served
     *                                  name naming an unknown virtual host, a domain claimed twice
     */
    public static RouteTable compile(List<VirtualHostConfig> virtualHosts, List<RouteConfig> routes,
                                     Collection<String> served) {
        Objects.requireNonNull(virtualHosts, "virtualHosts");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(served, "served");
        Map<String, VirtualHostConfig> declared = new LinkedHashMap<>();
        for (VirtualHostConfig vh : virtualHosts) {
            if (declared.putIfAbsent(vh.name(), vh) != null) {
                throw new IllegalArgumentException("virtual host '" + vh.name() + "' is declared twice");
            }
        }
        boolean implicitDefault = !declared.containsKey(VirtualHostConfig.DEFAULT_NAME)
                && (served.contains(VirtualHostConfig.DEFAULT_NAME)
                || routes.stream().anyMatch(r -> r.virtualHost().equals(VirtualHostConfig.DEFAULT_NAME)));
        if (implicitDefault) {
            declared.put(VirtualHostConfig.DEFAULT_NAME,
                    new VirtualHostConfig(VirtualHostConfig.DEFAULT_NAME, List.of("*")));
        }
        for (String name : served) {
            if (!declared.containsKey(name)) {
                throw new IllegalArgumentException("listener serves unknown virtual host '" + name + "'");
            }
        }

        Map<String, List<Route>> routesByHost = new LinkedHashMap<>();
        declared.keySet().forEach(name -> routesByHost.put(name, new ArrayList<>()));
        for (RouteConfig route : routes) {
            List<Route> hostRoutes = routesByHost.get(route.virtualHost());
            if (hostRoutes == null) {
                throw new IllegalArgumentException("route '" + route.name() + "' names unknown virtual host '"
                        + route.virtualHost() + "'");
            }
            if (served.isEmpty() || served.contains(route.virtualHost())) {
                hostRoutes.add(Route.compile(route));
            }
        }

        List<VirtualHost> compiled = new ArrayList<>();
        for (VirtualHostConfig vh : declared.values()) {
            if (served.isEmpty() || served.contains(vh.name())) {
                compiled.add(new VirtualHost(vh.name(), vh.domains(), routesByHost.get(vh.name())));
            }
        }
        return new RouteTable(List.copyOf(compiled), DomainIndex.build(compiled));
    }

    /**
     * Routes {@code request}. The decision returned is one prebuilt at compile time; the only
     * allocation here is the lowercased, port-less host key when the authority needs trimming
     * (plus whatever the request's header look-ups cost).
     */
    public RouteDecision match(RouteRequest request) {
        return match(request, 0);
    }

    /**
     * Routes {@code request} and, if {@code explainLimit > 0}, records why each of the first
     * {@code explainLimit} routes tried did not match (for traces; this allocates).
     */
    public RouteDecision match(RouteRequest request, int explainLimit) {
        VirtualHost vh = domains.select(request.authority());
        return vh == null ? RouteDecision.NO_VIRTUAL_HOST : vh.match(request, explainLimit);
    }

    /** The virtual host serving {@code authority} (port and case ignored), or null if none does. */
    public VirtualHost virtualHostFor(String authority) {
        return domains.select(authority);
    }

    /** The virtual hosts of this table, declared ones in config order, the implicit default last. */
    public List<VirtualHost> virtualHosts() {
        return virtualHosts;
    }

    @Override
    public String toString() {
        return "route table " + virtualHosts;
    }
}
