package dev.gatehouse.engine.runtime;

import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.config.ListenerConfig;
import dev.gatehouse.engine.config.RouteConfig;
import dev.gatehouse.engine.filter.ConfiguredFilter;
import dev.gatehouse.engine.filter.FilterRegistry;
import dev.gatehouse.engine.filter.FilterResources;
import dev.gatehouse.engine.observe.GatewayMetrics;
import dev.gatehouse.engine.upstream.Cluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A listener's compiled filter chains: its own, and one per route that overrides any of its
 * filters. Factories are built once per config apply, never per request.
 */
final class FilterChains {
    private final List<ConfiguredFilter> listenerChain;
    private final Map<String, List<ConfiguredFilter>> byRoute;

    private FilterChains(List<ConfiguredFilter> listenerChain, Map<String, List<ConfiguredFilter>> byRoute) {
        this.listenerChain = listenerChain;
        this.byRoute = byRoute;
    }

    static FilterChains of(ListenerConfig listener, GatewayConfig config, GatewayMetrics metrics,
                          FilterResources resources, Map<String, Cluster> clusters) {
        if (listener.filters().isEmpty()) {
            return new FilterChains(List.of(), Map.of());
        }
        List<ConfiguredFilter> chain = FilterRegistry.chain(config, listener.filters(), Map.of(), metrics, resources, clusters::get);
        Map<String, List<ConfiguredFilter>> byRoute = new HashMap<>();
        for (RouteConfig route : config.routes()) {
            if (route.filterOverrides().keySet().stream().anyMatch(listener.filters()::contains)) {
                byRoute.put(route.name(), FilterRegistry.chain(config, listener.filters(), route.filterOverrides(), metrics, resources, clusters::get));
            }
        }
        return new FilterChains(chain, Map.copyOf(byRoute));
    }

    /** The chain for a route's requests; {@code ""} (no route matched) gets the listener's chain. */
    List<ConfiguredFilter> forRoute(String route) {
        return byRoute.getOrDefault(route, listenerChain);
    }
}
