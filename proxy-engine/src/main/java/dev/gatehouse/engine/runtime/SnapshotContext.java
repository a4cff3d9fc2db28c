package dev.gatehouse.engine.runtime;

import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.config.ListenerConfig;
import dev.gatehouse.engine.config.ObservabilityConfig;
import dev.gatehouse.engine.filter.ConfiguredFilter;
import dev.gatehouse.engine.filter.FilterResources;
import dev.gatehouse.engine.http.ProxyContext;
import dev.gatehouse.engine.http.RoutingDecision;
import dev.gatehouse.engine.http.RoutingDecision.HeaderEdit;
import dev.gatehouse.engine.observe.GatewayMetrics;
import dev.gatehouse.engine.observe.GatewayMetrics.ListenerMetrics;
import dev.gatehouse.engine.observe.GatewayMetrics.RouteMetrics;
import dev.gatehouse.engine.observe.Trace;
import dev.gatehouse.engine.observe.TraceTap;
import dev.gatehouse.engine.route.ClusterAction;
import dev.gatehouse.engine.route.CompiledAction;
import dev.gatehouse.engine.route.DirectResponseAction;
import dev.gatehouse.engine.route.HeaderMutator;
import dev.gatehouse.engine.route.NettyRouteRequest;
import dev.gatehouse.engine.route.RedirectAction;
import dev.gatehouse.engine.route.Route;
import dev.gatehouse.engine.route.RouteDecision;
import dev.gatehouse.engine.route.RouteTable;
import dev.gatehouse.engine.route.WeightedClusterAction;
import dev.gatehouse.engine.upstream.Cluster;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One listener's view of one applied config: its route table, the clusters, and cached metric
 * handles. Immutable apart from the metric cache; exchanges that start on it finish on it.
 */
final class SnapshotContext implements ProxyContext {
    private final ListenerConfig listener;
    private final RouteTable routes;
    private final Map<String, Cluster> clusters;
    private final ListenerMetrics listenerMetrics;
    private final GatewayMetrics metrics;
    private final Map<String, RouteMetrics> routeMetrics = new ConcurrentHashMap<>();
    private final Map<HeaderMutator, HeaderEdit> edits = new ConcurrentHashMap<>();
    private final boolean draining;
    private static final int EXPLAINED_MISSES = 3;
    private final TraceTap tap;
    private final FilterChains chains;
    private final ObservabilityConfig.CaptureConfig capture;

    /** @throws IllegalArgumentException when the routes or filters do not compile (names which) */
    SnapshotContext(ListenerConfig listener, GatewayConfig config, Map<String, Cluster> clusters,
                    GatewayMetrics metrics, TraceTap tap, FilterResources resources) {
        this(listener, RouteTable.compile(config.virtualHosts(), config.routes(), listener.virtualHosts()),
                FilterChains.of(listener, config, metrics, resources, clusters), clusters, metrics, tap, false,
                config.observability().capture());
    }

    private SnapshotContext(ListenerConfig listener, RouteTable routes, FilterChains chains,
                            Map<String, Cluster> clusters, GatewayMetrics metrics, TraceTap tap, boolean draining,
                            ObservabilityConfig.CaptureConfig capture) {
        this.capture = capture;
        this.chains = chains;
        this.tap = tap;
        this.listener = listener;
        this.routes = routes;
        this.clusters = clusters;
        this.metrics = metrics;
        this.listenerMetrics = metrics.listener(listener.name());
        this.draining = draining;
    }

    @Override
    public ObservabilityConfig.CaptureConfig capture() {
        return capture;
    }

    @Override
    public SnapshotContext draining() {
        return new SnapshotContext(listener, routes, chains, clusters, metrics, tap, true, capture);
    }

    @Override
    public String listenerName() {
        return listener.name();
    }

    @Override
    public ListenerMetrics listenerMetrics() {
        return listenerMetrics;
    }

    @Override
    public String scheme() {
        return listener.scheme();
    }

    @Override
    public int trustedHops() {
        return listener.trustedHops();
    }

    @Override
    public RoutingDecision route(HttpRequest request, String path, String query, Trace trace) {
        NettyRouteRequest routeRequest = NettyRouteRequest.of(request, listener.scheme());
        // The first few misses go into the trace ("why not the earlier routes?"); a miss costs a string.
        RouteDecision decision = routes.match(routeRequest, EXPLAINED_MISSES);
        trace.routeExplanation(decision.virtualHost() != null ? decision.virtualHost().name() : null,
                decision.mismatches().isEmpty() ? List.of()
                        : decision.mismatches().stream().map(m -> m.route() + ": " + m.reason()).toList());
        if (!decision.isMatched()) {
            return new RoutingDecision.NoRoute(decision.virtualHost() != null ? decision.virtualHost().name() : null);
        }
        Route route = decision.route();
        CompiledAction action = route.action();
        if (action instanceof DirectResponseAction direct) {
            return new RoutingDecision.Respond(route.name(), direct.status(), direct.body(), direct.contentType());
        }
        if (action instanceof RedirectAction redirect) {
            return new RoutingDecision.Redirect(route.name(), redirect.status(), redirect.location(routeRequest));
        }
        String cluster = action instanceof WeightedClusterAction weighted
                ? weighted.pick(ThreadLocalRandom.current().nextInt(weighted.totalWeight()))
                : ((ClusterAction) action).cluster();
        String upstreamPath = route.rewritePath(path);
        String uri = query == null ? upstreamPath : upstreamPath + "?" + query;
        String authority = request.headers().get("host");
        String rewritten = authority == null ? null : route.rewriteAuthority(authority);
        String hostRewrite = rewritten != null && !rewritten.equals(authority) ? rewritten : null;
        return new RoutingDecision.Forward(route.name(), route.config(), cluster, uri, hostRewrite,
                edit(route.requestHeaders()), edit(route.responseHeaders()));
    }

    /** A route's header mutation as the exchange's edit type; one instance per mutator, not per request. */
    private HeaderEdit edit(HeaderMutator mutator) {
        if (mutator.isEmpty()) {
            return HeaderEdit.NONE;
        }
        return edits.computeIfAbsent(mutator, m -> m::apply);
    }

    @Override
    public List<ConfiguredFilter> filters(String route) {
        return chains.forRoute(route);
    }

    @Override
    public boolean traceHeaderAllowed() {
        return listener.traceHeader();
    }

    @Override
    public TraceTap tap() {
        return tap;
    }

    @Override
    public Cluster cluster(String name) {
        return clusters.get(name);
    }

    @Override
    public RouteMetrics routeMetrics(String routeName) {
        RouteMetrics known = routeMetrics.get(routeName); // lock-free on the hot path, unlike computeIfAbsent
        return known != null ? known : routeMetrics.computeIfAbsent(routeName, r -> metrics.route(listener.name(), r));
    }

    @Override
    public boolean isDraining() {
        return draining;
    }
}
