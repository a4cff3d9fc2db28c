package dev.gatehouse.views.topology;

import dev.gatehouse.engine.config.ClusterConfig;
import dev.gatehouse.engine.config.EndpointConfig;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.config.ListenerConfig;
import dev.gatehouse.engine.config.RouteConfig;
import dev.gatehouse.views.config.RouteText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The gateway as a layered graph: listeners → their filter chains → the routes they serve →
 * clusters → endpoints, one column per layer, in config order so the picture follows the file.
 * Toolkit-free; the view lays it out and draws it.
 */
public final class TopologyGraph {
    public enum Kind {
        LISTENER(0), FILTER_CHAIN(1), ROUTE(2), CLUSTER(3), ENDPOINT(4);

        private final int column;

        Kind(int column) {
            this.column = column;
        }

        public int column() {
            return column;
        }
    }

    /**
     * @param id     unique in the graph, e.g. {@code route:api}
     * @param name   the config name (for endpoints, the address)
     * @param detail a second line: the match and action, the balancing policy, the chain
     * @param owner  the cluster of an endpoint, else null
     */
    public record Node(String id, Kind kind, String name, String detail, String owner) {
        public Node {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(detail, "detail");
        }
    }

    public record Edge(String from, String to) {
    }

    private final Map<String, Node> nodes;
    private final List<Edge> edges;

    private TopologyGraph(Map<String, Node> nodes, List<Edge> edges) {
        this.nodes = nodes;
        this.edges = List.copyOf(edges);
    }

    public static String listenerId(String name) {
        return "listener:" + name;
    }

    public static String chainId(String listener) {
        return "chain:" + listener;
    }

    public static String routeId(String name) {
        return "route:" + name;
    }

    public static String clusterId(String name) {
        return "cluster:" + name;
    }

    public static String endpointId(String cluster, String address) {
        return "endpoint:" + cluster + "/" + address;
    }

    /**
     * The graph of {@code config}. Endpoints are the live ones where known ({@code liveEndpoints}:
     * addresses by cluster, as the engine reports them, which covers DNS-discovered ones), else as
     * configured.
     */
    public static TopologyGraph of(GatewayConfig config, Map<String, List<String>> liveEndpoints) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        List<Edge> edges = new ArrayList<>();
        for (ListenerConfig l : config.listeners()) {
            String listener = listenerId(l.name());
            nodes.put(listener, new Node(listener, Kind.LISTENER, l.name(), l.scheme() + "://" + l.address(), null));
            String chain = chainId(l.name());
            nodes.put(chain, new Node(chain, Kind.FILTER_CHAIN, l.filters().isEmpty() ? "no filters"
                    : String.join(" → ", l.filters()), "→ router", null));
            edges.add(new Edge(listener, chain));
            for (RouteConfig r : config.routes()) {
                if (l.virtualHosts().isEmpty() || l.virtualHosts().contains(r.virtualHost())) {
                    edges.add(new Edge(chain, routeId(r.name())));
                }
            }
        }
        for (RouteConfig r : config.routes()) {
            String route = routeId(r.name());
            nodes.put(route, new Node(route, Kind.ROUTE, r.name(), RouteText.match(r.match()) + "  "
                    + RouteText.action(r.action()), null));
            for (String cluster : RouteText.clusters(r.action())) {
                edges.add(new Edge(route, clusterId(cluster)));
            }
        }
        for (ClusterConfig c : config.clusters()) {
            String cluster = clusterId(c.name());
            nodes.put(cluster, new Node(cluster, Kind.CLUSTER, c.name(), c.lbPolicy(), null));
            List<String> addresses = liveEndpoints.get(c.name());
            if (addresses == null) {
                addresses = c.endpoints().stream().map(TopologyGraph::configured).toList();
            }
            for (String address : addresses) {
                String endpoint = endpointId(c.name(), address);
                nodes.put(endpoint, new Node(endpoint, Kind.ENDPOINT, address, "", c.name()));
                edges.add(new Edge(cluster, endpoint));
            }
        }
        edges.removeIf(e -> !nodes.containsKey(e.from()) || !nodes.containsKey(e.to()));
        return new TopologyGraph(nodes, edges);
    }

    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    public Node node(String id) {
        return nodes.get(id);
    }

    public List<Node> column(Kind kind) {
        return nodes.values().stream().filter(n -> n.kind() == kind).toList();
    }

    public List<Edge> edges() {
        return edges;
    }

    private static String configured(EndpointConfig e) {
        return e.backend() != null ? "backend " + e.backend() : e.address().toString();
    }
}
