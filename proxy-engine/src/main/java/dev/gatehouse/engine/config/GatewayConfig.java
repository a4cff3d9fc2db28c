package dev.gatehouse.engine.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One whole gateway configuration: immutable, validated on load, compared by value. "Modify"
 * operations return a new instance; the runtime compiles one of these into a snapshot.
 */
public record GatewayConfig(
        EngineSettings engine,
        AdminConfig admin,
        List<ListenerConfig> listeners,
        List<VirtualHostConfig> virtualHosts,
        List<RouteConfig> routes,
        List<ClusterConfig> clusters,
        List<DemoBackendConfig> demoBackends,
        ObservabilityConfig observability,
        List<FilterConfig> filters) {

    /** A config with default observability settings and no filters. */
    public GatewayConfig(EngineSettings engine, AdminConfig admin, List<ListenerConfig> listeners,
                         List<VirtualHostConfig> virtualHosts, List<RouteConfig> routes, List<ClusterConfig> clusters,
                         List<DemoBackendConfig> demoBackends) {
        this(engine, admin, listeners, virtualHosts, routes, clusters, demoBackends, ObservabilityConfig.DEFAULTS,
                List.of());
    }

    public GatewayConfig {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(admin, "admin");
        listeners = List.copyOf(listeners);
        virtualHosts = List.copyOf(virtualHosts);
        routes = List.copyOf(routes);
        clusters = List.copyOf(clusters);
        demoBackends = List.copyOf(demoBackends);
        Objects.requireNonNull(observability, "observability");
        filters = List.copyOf(filters);
    }

    public Optional<FilterConfig> filter(String name) {
        return filters.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public Optional<ClusterConfig> cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<ListenerConfig> listener(String name) {
        return listeners.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    public GatewayConfig withRoutes(List<RouteConfig> newRoutes) {
        return new GatewayConfig(engine, admin, listeners, virtualHosts, newRoutes, clusters, demoBackends, observability, filters);
    }

    public GatewayConfig withClusters(List<ClusterConfig> newClusters) {
        return new GatewayConfig(engine, admin, listeners, virtualHosts, routes, newClusters, demoBackends, observability, filters);
    }

    public GatewayConfig withListeners(List<ListenerConfig> newListeners) {
        return new GatewayConfig(engine, admin, newListeners, virtualHosts, routes, clusters, demoBackends, observability, filters);
    }

    public GatewayConfig withAdmin(AdminConfig newAdmin) {
        return new GatewayConfig(engine, newAdmin, listeners, virtualHosts, routes, clusters, demoBackends, observability, filters);
    }
}
