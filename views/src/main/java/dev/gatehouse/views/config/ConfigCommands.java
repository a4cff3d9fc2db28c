package dev.gatehouse.views.config;

import dev.gatehouse.engine.config.ClusterConfig;
import dev.gatehouse.engine.config.ConsumerConfig;
import dev.gatehouse.engine.config.EndpointConfig;
import dev.gatehouse.engine.config.FilterConfig;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.config.ListenerConfig;
import dev.gatehouse.engine.config.RouteAction;
import dev.gatehouse.engine.config.RouteConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The edits the config editor offers, each as a {@link ConfigCommand}. Items are addressed by name
 * (names are unique per kind in a valid config), so a command means the same after other edits.
 * Commands check that what they address exists and throw {@link IllegalArgumentException} otherwise;
 * whether the result is a valid config (e.g. a removed cluster still referenced) is for validation to
 * say, as it would be for a hand-written file.
 */
public final class ConfigCommands {
    private ConfigCommands() {
    }

    /**
     * Moves a route to another position in the routes list (first match wins, so this changes
     * routing). {@code toIndex} is the route's index after the move.
     */
    public static ConfigCommand moveRoute(String route, int toIndex) {
        return new ConfigCommand("move route '" + route + "' to position " + (toIndex + 1), c -> {
            List<RouteConfig> routes = new ArrayList<>(c.routes());
            int from = indexOf(routes, RouteConfig::name, route, "route");
            if (toIndex < 0 || toIndex >= routes.size()) {
                throw new IllegalArgumentException("no position " + toIndex + " among " + routes.size() + " routes");
            }
            routes.add(toIndex, routes.remove(from));
            return c.withRoutes(routes);
        });
    }

    /** Sends every request a route matches to one cluster, whatever the route did before. */
    public static ConfigCommand retargetRoute(String route, String cluster) {
        Objects.requireNonNull(cluster, "cluster");
        return new ConfigCommand("send route '" + route + "' to cluster '" + cluster + "'", c -> {
            if (c.cluster(cluster).isEmpty()) {
                throw new IllegalArgumentException("no cluster '" + cluster + "'");
            }
            return replaceNamed(c, route, r -> r.withAction(new RouteAction.Cluster(cluster)));
        });
    }

    /** Adds a route at {@code index} (the end when it equals the number of routes). */
    public static ConfigCommand addRoute(RouteConfig route, int index) {
        return new ConfigCommand("add route '" + route.name() + "'", c -> {
            requireUnused(c.routes(), RouteConfig::name, route.name(), "route");
            List<RouteConfig> routes = new ArrayList<>(c.routes());
            routes.add(Math.max(0, Math.min(index, routes.size())), route);
            return c.withRoutes(routes);
        });
    }

    public static ConfigCommand removeRoute(String route) {
        return new ConfigCommand("remove route '" + route + "'", c -> {
            List<RouteConfig> routes = new ArrayList<>(c.routes());
            routes.remove(indexOf(routes, RouteConfig::name, route, "route"));
            return c.withRoutes(routes);
        });
    }

    /** Replaces the route named {@code route} by {@code edited}, in place (it may be renamed). */
    public static ConfigCommand editRoute(String route, RouteConfig edited) {
        return new ConfigCommand("edit route '" + route + "'", c -> {
            List<RouteConfig> routes = new ArrayList<>(c.routes());
            int at = indexOf(routes, RouteConfig::name, route, "route");
            if (!edited.name().equals(route)) {
                requireUnused(routes, RouteConfig::name, edited.name(), "route");
            }
            routes.set(at, edited);
            return c.withRoutes(routes);
        });
    }

    public static ConfigCommand addCluster(ClusterConfig cluster) {
        return new ConfigCommand("add cluster '" + cluster.name() + "'", c -> {
            requireUnused(c.clusters(), ClusterConfig::name, cluster.name(), "cluster");
            List<ClusterConfig> clusters = new ArrayList<>(c.clusters());
            clusters.add(cluster);
            return c.withClusters(clusters);
        });
    }

    public static ConfigCommand removeCluster(String cluster) {
        return new ConfigCommand("remove cluster '" + cluster + "'", c -> {
            List<ClusterConfig> clusters = new ArrayList<>(c.clusters());
            clusters.remove(indexOf(clusters, ClusterConfig::name, cluster, "cluster"));
            return c.withClusters(clusters);
        });
    }

    /** Replaces a cluster in place; renaming it also renames it in the routes that send to it. */
    public static ConfigCommand editCluster(String cluster, ClusterConfig edited) {
        return new ConfigCommand("edit cluster '" + cluster + "'", c -> {
            List<ClusterConfig> clusters = new ArrayList<>(c.clusters());
            int at = indexOf(clusters, ClusterConfig::name, cluster, "cluster");
            if (!edited.name().equals(cluster)) {
                requireUnused(clusters, ClusterConfig::name, edited.name(), "cluster");
            }
            clusters.set(at, edited);
            GatewayConfig out = c.withClusters(clusters);
            return edited.name().equals(cluster) ? out : renameClusterInRoutes(out, cluster, edited.name());
        });
    }

    /** Sets a cluster's endpoints (address or demo backend, and weight). */
    public static ConfigCommand setEndpoints(String cluster, List<EndpointConfig> endpoints) {
        return new ConfigCommand("set the endpoints of cluster '" + cluster + "'", c -> {
            ClusterConfig old = c.cluster(cluster).orElseThrow(() -> new IllegalArgumentException("no cluster '" + cluster + "'"));
            ClusterConfig edited = withBasics(old, old.name(), endpoints, old.lbPolicy(), old.connectTimeout());
            return editCluster(cluster, edited).applyTo(c);
        });
    }

    public static ConfigCommand addFilter(FilterConfig filter) {
        return new ConfigCommand("add filter '" + filter.name() + "'", c -> {
            requireUnused(c.filters(), FilterConfig::name, filter.name(), "filter");
            List<FilterConfig> filters = new ArrayList<>(c.filters());
            filters.add(filter);
            return withFilters(c, filters);
        });
    }

    /** Removes a filter and takes it out of every listener's chain. */
    public static ConfigCommand removeFilter(String filter) {
        return new ConfigCommand("remove filter '" + filter + "'", c -> {
            List<FilterConfig> filters = new ArrayList<>(c.filters());
            filters.remove(indexOf(filters, FilterConfig::name, filter, "filter"));
            List<ListenerConfig> listeners = new ArrayList<>();
            for (ListenerConfig l : c.listeners()) {
                List<String> chain = new ArrayList<>(l.filters());
                chain.remove(filter);
                listeners.add(withChain(l, chain));
            }
            return withFilters(c, filters).withListeners(listeners);
        });
    }

    /** Replaces a filter's definition (type and settings); the name stays. */
    public static ConfigCommand editFilter(String filter, FilterConfig edited) {
        return new ConfigCommand("edit filter '" + filter + "'", c -> {
            List<FilterConfig> filters = new ArrayList<>(c.filters());
            int at = indexOf(filters, FilterConfig::name, filter, "filter");
            if (!edited.name().equals(filter)) {
                throw new IllegalArgumentException("a filter keeps its name: listeners refer to it");
            }
            filters.set(at, edited);
            return withFilters(c, filters);
        });
    }

    /** Sets a listener's filter chain: the filter names in the order requests pass them. */
    public static ConfigCommand setFilterChain(String listener, List<String> chain) {
        return new ConfigCommand("set the filter chain of listener '" + listener + "'", c -> {
            List<ListenerConfig> listeners = new ArrayList<>(c.listeners());
            int at = indexOf(listeners, ListenerConfig::name, listener, "listener");
            listeners.set(at, withChain(listeners.get(at), chain));
            return c.withListeners(listeners);
        });
    }

    public static ConfigCommand addConsumer(ConsumerConfig consumer) {
        return new ConfigCommand("add consumer '" + consumer.name() + "'", c -> {
            requireUnused(c.consumers(), ConsumerConfig::name, consumer.name(), "consumer");
            List<ConsumerConfig> consumers = new ArrayList<>(c.consumers());
            consumers.add(consumer);
            return c.withConsumers(consumers);
        });
    }

    public static ConfigCommand removeConsumer(String consumer) {
        return new ConfigCommand("remove consumer '" + consumer + "'", c -> {
            List<ConsumerConfig> consumers = new ArrayList<>(c.consumers());
            consumers.remove(indexOf(consumers, ConsumerConfig::name, consumer, "consumer"));
            return c.withConsumers(consumers);
        });
    }

    public static ConfigCommand editConsumer(String consumer, ConsumerConfig edited) {
        return new ConfigCommand("edit consumer '" + consumer + "'", c -> {
            List<ConsumerConfig> consumers = new ArrayList<>(c.consumers());
            int at = indexOf(consumers, ConsumerConfig::name, consumer, "consumer");
            if (!edited.name().equals(consumer)) {
                requireUnused(consumers, ConsumerConfig::name, edited.name(), "consumer");
            }
            consumers.set(at, edited);
            return c.withConsumers(consumers);
        });
    }

    /**
     * {@code old} with the fields the cluster form edits replaced and every other field kept (circuit
     * breakers, outlier detection, health checks, TLS...). The canonical constructor is called on
     * purpose: a field added to the record later fails to compile here rather than being dropped.
     */
    public static ClusterConfig withBasics(ClusterConfig old, String name, List<EndpointConfig> endpoints,
                                           String lbPolicy, Duration connectTimeout) {
        return new ClusterConfig(name, old.discovery(), endpoints, lbPolicy, old.hashOn(), connectTimeout,
                old.dnsRefresh(), old.protocol(), old.tls(), old.pool(), old.circuitBreakers(), old.outlierDetection(),
                old.healthCheck(), old.panicThreshold());
    }

    /** Replaces the whole config, e.g. with what the YAML tab's text now says. */
    public static ConfigCommand replaceAll(String description, GatewayConfig replacement) {
        Objects.requireNonNull(replacement, "replacement");
        return new ConfigCommand(description, c -> replacement);
    }

    private static GatewayConfig replaceNamed(GatewayConfig c, String route, Function<RouteConfig, RouteConfig> edit) {
        List<RouteConfig> routes = new ArrayList<>(c.routes());
        int at = indexOf(routes, RouteConfig::name, route, "route");
        routes.set(at, edit.apply(routes.get(at)));
        return c.withRoutes(routes);
    }

    private static GatewayConfig renameClusterInRoutes(GatewayConfig c, String from, String to) {
        List<RouteConfig> routes = new ArrayList<>();
        for (RouteConfig r : c.routes()) {
            routes.add(r.withAction(renamed(r.action(), from, to)));
        }
        return c.withRoutes(routes);
    }

    private static RouteAction renamed(RouteAction action, String from, String to) {
        if (action instanceof RouteAction.Cluster && ((RouteAction.Cluster) action).cluster().equals(from)) {
            return new RouteAction.Cluster(to);
        }
        if (action instanceof RouteAction.WeightedClusters) {
            List<RouteAction.WeightedCluster> split = new ArrayList<>();
            for (RouteAction.WeightedCluster w : ((RouteAction.WeightedClusters) action).clusters()) {
                split.add(w.cluster().equals(from) ? new RouteAction.WeightedCluster(to, w.weight()) : w);
            }
            return new RouteAction.WeightedClusters(split);
        }
        return action;
    }

    private static GatewayConfig withFilters(GatewayConfig c, List<FilterConfig> filters) {
        return new GatewayConfig(c.engine(), c.admin(), c.listeners(), c.virtualHosts(), c.routes(), c.clusters(),
                c.demoBackends(), c.observability(), filters, c.consumers());
    }

    private static ListenerConfig withChain(ListenerConfig l, List<String> chain) {
        return new ListenerConfig(l.name(), l.address(), l.virtualHosts(), l.http2(), l.tls(), l.trustedHops(),
                l.limits(), chain, l.traceHeader());
    }

    private static <T> int indexOf(List<T> items, Function<T, String> name, String wanted, String kind) {
        for (int i = 0; i < items.size(); i++) {
            if (name.apply(items.get(i)).equals(wanted)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + kind + " '" + wanted + "'");
    }

    private static <T> void requireUnused(List<T> items, Function<T, String> name, String wanted, String kind) {
        for (T item : items) {
            if (name.apply(item).equals(wanted)) {
                throw new IllegalArgumentException("there already is a " + kind + " '" + wanted + "'");
            }
        }
    }
}
