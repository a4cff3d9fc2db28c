package dev.gatehouse.engine.route;

import dev.gatehouse.engine.config.HeaderMatch;
import dev.gatehouse.engine.config.QueryMatch;
import dev.gatehouse.engine.config.RouteAction;
import dev.gatehouse.engine.config.RouteConfig;
import dev.gatehouse.engine.config.RouteMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One compiled route: its match conditions, its action and what it rewrites. Immutable and
 * shared by every event loop.
 */
public final class Route {
    private final RouteConfig config;
    private final RouteCondition[] conditions;
    private final CompiledAction action;
    private final PathRewrite pathRewrite;
    private final String hostRewrite;
    private final HeaderMutator requestHeaders;
    private final HeaderMutator responseHeaders;

    private Route(RouteConfig config, RouteCondition[] conditions, CompiledAction action, PathRewrite pathRewrite,
                  String hostRewrite, HeaderMutator requestHeaders, HeaderMutator responseHeaders) {
        this.config = config;
        this.conditions = conditions;
        this.action = action;
        this.pathRewrite = pathRewrite;
        this.hostRewrite = hostRewrite;
        this.requestHeaders = requestHeaders;
        this.responseHeaders = responseHeaders;
    }

    /** @throws IllegalArgumentException naming the route, if any part of it cannot be compiled */
    static Route compile(RouteConfig config) {
        Objects.requireNonNull(config, "config");
        try {
            RouteMatch match = config.match();
            PathMatcher path = PathMatcher.compile(match);
            // Cheapest and most telling first: the path decides most requests.
            List<RouteCondition> conditions = new ArrayList<>();
            conditions.add(path);
            if (!match.methods().isEmpty()) {
                conditions.add(MethodMatcher.compile(match.methods()));
            }
            for (HeaderMatch header : match.headers()) {
                conditions.add(HeaderMatcher.compile(header));
            }
            for (QueryMatch query : match.query()) {
                conditions.add(QueryMatcher.compile(query));
            }
            String hostRewrite = config.rewrite() == null ? null : config.rewrite().host();
            if (hostRewrite != null && (hostRewrite.isEmpty() || !HttpSyntax.isFieldValue(hostRewrite))) {
                throw new IllegalArgumentException("rewrite.host is empty or has control characters");
            }
            return new Route(config, conditions.toArray(RouteCondition[]::new), compileAction(config.action(), path),
                    PathRewrite.compile(config.rewrite(), path), hostRewrite,
                    HeaderMutator.compile(config.requestHeaders()), HeaderMutator.compile(config.responseHeaders()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("route '" + config.name() + "': " + e.getMessage(), e);
        }
    }

    public String name() {
        return config.name();
    }

    /** The name of the virtual host the route belongs to. */
    public String virtualHost() {
        return config.virtualHost();
    }

    /** The config this was compiled from: timeout and retry policy are read from here. */
    public RouteConfig config() {
        return config;
    }

    public CompiledAction action() {
        return action;
    }

    /**
     * The path to send upstream: the prefix or regex rewrite applied to {@code path}, or
     * {@code path} itself if the route rewrites nothing. The query string is not part of
     * {@code path} and is the caller's to re-attach unchanged.
     *
     * @param path the path (without query) this route matched
     */
    public String rewritePath(String path) {
        return pathRewrite.apply(path);
    }

    /** The authority to send upstream: the configured host rewrite, or {@code authority} unchanged. */
    public String rewriteAuthority(String authority) {
        return hostRewrite != null ? hostRewrite : authority;
    }

    /** Mutations for the request on its way upstream. */
    public HeaderMutator requestHeaders() {
        return requestHeaders;
    }

    /** Mutations for the response on its way back. */
    public HeaderMutator responseHeaders() {
        return responseHeaders;
    }

    boolean matches(RouteRequest request) {
        for (RouteCondition condition : conditions) {
            if (!condition.test(request)) {
                return false;
            }
        }
        return true;
    }

    /** Why the route does not match, or null if it does. */
    String mismatch(RouteRequest request) {
        for (RouteCondition condition : conditions) {
            if (!condition.test(request)) {
                return condition.mismatch(request);
            }
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("route ").append(config.name()).append(" [");
        for (int i = 0; i < conditions.length; i++) {
            out.append(i == 0 ? "" : ", ").append(conditions[i]);
        }
        out.append("] -> ").append(action);
        if (pathRewrite != PathRewrite.NONE) {
            out.append(", ").append(pathRewrite);
        }
        if (hostRewrite != null) {
            out.append(", host_rewrite ").append(hostRewrite);
        }
        return out.toString();
    }

    private static CompiledAction compileAction(RouteAction action, PathMatcher path) {
        if (action instanceof RouteAction.Cluster cluster) {
            return new ClusterAction(cluster.cluster());
        }
        if (action instanceof RouteAction.WeightedClusters weighted) {
            return WeightedClusterAction.compile(weighted);
        }
        if (action instanceof RouteAction.DirectResponse direct) {
            return DirectResponseAction.compile(direct);
        }
        return RedirectAction.compile((RouteAction.Redirect) action, path);
    }
}
