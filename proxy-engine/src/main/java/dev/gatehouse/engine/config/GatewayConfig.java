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
        List<FilterConfig> filters,
        List<ConsumerConfig> consumers) {

    /** A config with no consumers. */
    public GatewayConfig(EngineSettings engine, AdminConfig admin, List<ListenerConfig> listeners,
                         List<VirtualHostConfig> virtualHosts, List<RouteConfig> routes, List<ClusterConfig> clusters,
                         List<DemoBackendConfig> demoBackends, ObservabilityConfig observability,
                         List<FilterConfig> filters) {
        this(engine, admin, listeners, virtualHosts, routes, clusters, demoBackends, observability, filters, List.of());
    }

    /** A config with default observability settings, no filters and no consumers. */
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
        consumers = List.copyOf(consumers);
    }

    public Optional<ConsumerConfig> consumer(String name) {
        return consumers.stream().filter(c -> c.name().equals(name)).findFirst();
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
        return new GatewayConfig(engine, admin, listeners, virtualHosts, newRoutes, clusters, demoBackends, observability, filters, consumers);
    }

    public GatewayConfig withClusters(List<ClusterConfig> newClusters) {
        return new GatewayConfig(engine, admin, listeners, virtualHosts, routes, newClusters, demoBackends, observability, filters, consumers);
    }

    public GatewayConfig withListeners(List<ListenerConfig> newListeners) {
        return new GatewayConfig(engine, admin, newListeners, virtualHosts, routes, clusters, demoBackends, observability, filters, consumers);
    }

    public GatewayConfig withConsumers(List<ConsumerConfig> newConsumers) {
        return new GatewayConfig(engine, admin, listeners, virtualHosts, routes, clusters, demoBackends, observability, filters, newConsumers);
    }

    public GatewayConfig withObservability(ObservabilityConfig newObservability) {
        return new GatewayConfig(engine, admin, listeners, virtualHosts, routes, clusters, demoBackends, newObservability, filters, consumers);
    }

    public GatewayConfig withEngine(EngineSettings newEngine) {
        return new GatewayConfig(newEngine, admin, listeners, virtualHosts, routes, clusters, demoBackends, observability, filters, consumers);
    }

    public GatewayConfig withAdmin(AdminConfig newAdmin) {
        return new GatewayConfig(engine, newAdmin, listeners, virtualHosts, routes, clusters, demoBackends, observability, filters, consumers);
    }
}
