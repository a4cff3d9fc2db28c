package dev.gatehouse.engine.http;

import dev.gatehouse.engine.config.ObservabilityConfig;
import dev.gatehouse.engine.filter.ConfiguredFilter;
import dev.gatehouse.engine.observe.GatewayMetrics.ListenerMetrics;
import dev.gatehouse.engine.observe.GatewayMetrics.RouteMetrics;
import dev.gatehouse.engine.observe.Trace;
import dev.gatehouse.engine.observe.TraceTap;
import dev.gatehouse.engine.upstream.Cluster;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;

/**
 * What one exchange needs from the config snapshot it started on: the listener's identity, its
 * routing decision and the clusters. An exchange captures one context when its request arrives and
 * keeps it to the end, so a config apply never changes a request in flight.
 */
public interface ProxyContext {
    String listenerName();

    ListenerMetrics listenerMetrics();

    /** {@code https} when the listener speaks TLS, else {@code http}: the scheme requests arrive with. */
    String scheme();

    /** Proxies in front of us trusted to append X-Forwarded-For; 0 = the TCP peer is the client. */
    int trustedHops();

    /**
     * Routes one request; never null. Notes in {@code trace} the virtual host and why the first few
     * routes before the chosen one did not match.
     */
    RoutingDecision route(HttpRequest request, String path, String query, Trace trace);

    /** The cluster of this snapshot with that name, or null. */
    Cluster cluster(String name);

    RouteMetrics routeMetrics(String routeName);

    /**
     * The filter chain for requests matched to {@code route} (the listener's chain with that route's
     * overrides); {@code ""} for requests no route matched.
     */
    List<ConfiguredFilter> filters(String route);

    /** True when clients may ask for a trace summary with {@code x-gatehouse-trace: 1}. */
    boolean traceHeaderAllowed();

    /** Where this exchange's trace goes when it completes. */
    TraceTap tap();

    /** What of the request and response the trace keeps (headers, first body bytes); nothing by default. */
    default ObservabilityConfig.CaptureConfig capture() {
        return ObservabilityConfig.CaptureConfig.OFF;
    }

    /** True once the listener is being drained: responses then close their connections. */
    boolean isDraining();

    /** This same snapshot, marked as draining. */
    ProxyContext draining();
}
