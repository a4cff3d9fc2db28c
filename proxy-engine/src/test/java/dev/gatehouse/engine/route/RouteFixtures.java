package dev.gatehouse.engine.route;

import dev.gatehouse.engine.config.HeaderMatch;
import dev.gatehouse.engine.config.HeaderMutations;
import dev.gatehouse.engine.config.QueryMatch;
import dev.gatehouse.engine.config.Rewrite;
import dev.gatehouse.engine.config.RouteAction;
import dev.gatehouse.engine.config.RouteConfig;
import dev.gatehouse.engine.config.RouteMatch;
import dev.gatehouse.engine.config.VirtualHostConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Short ways to write route config and requests in tests. */
public final class RouteFixtures {
    private RouteFixtures() {
    }

    public static RouteMatch prefix(String prefix) {
        return RouteMatch.prefix(prefix);
    }

    public static RouteMatch path(String path) {
        return new RouteMatch(null, path, null, true, List.of(), List.of(), List.of());
    }

    public static RouteMatch regex(String regex) {
        return new RouteMatch(null, null, regex, true, List.of(), List.of(), List.of());
    }

    public static RouteMatch caseInsensitive(RouteMatch m) {
        return new RouteMatch(m.prefix(), m.path(), m.regex(), false, m.methods(), m.headers(), m.query());
    }

    public static RouteMatch methods(RouteMatch m, String... methods) {
        return new RouteMatch(m.prefix(), m.path(), m.regex(), m.caseSensitive(), List.of(methods), m.headers(), m.query());
    }

    public static RouteMatch headers(RouteMatch m, HeaderMatch... headers) {
        return new RouteMatch(m.prefix(), m.path(), m.regex(), m.caseSensitive(), m.methods(), List.of(headers), m.query());
    }

    public static RouteMatch query(RouteMatch m, QueryMatch... query) {
        return new RouteMatch(m.prefix(), m.path(), m.regex(), m.caseSensitive(), m.methods(), m.headers(), List.of(query));
    }

    public static VirtualHostConfig vhost(String name, String... domains) {
        return new VirtualHostConfig(name, List.of(domains));
    }

    /** A route to a cluster named after the route. */
    public static RouteConfig route(String name, String virtualHost, RouteMatch match) {
        return route(name, virtualHost, match, new RouteAction.Cluster(name), null);
    }

    public static RouteConfig route(String name, String virtualHost, RouteMatch match, RouteAction action, Rewrite rewrite) {
        return new RouteConfig(name, virtualHost, match, action, rewrite, RouteConfig.DEFAULT_TIMEOUT, null,
                HeaderMutations.NONE, HeaderMutations.NONE);
    }

    /** One compiled route in the default virtual host. */
    public static Route compiled(RouteMatch match, RouteAction action, Rewrite rewrite) {
        return Route.compile(route("r", VirtualHostConfig.DEFAULT_NAME, match, action, rewrite));
    }

    public static RouteRequest get(String authority, String target) {
        return request("GET", authority, target);
    }

    /** @param headerPairs name, value, name, value...; a name may repeat */
    public static RouteRequest request(String method, String authority, String target, String... headerPairs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.computeIfAbsent(headerPairs[i], n -> new ArrayList<>()).add(headerPairs[i + 1]);
        }
        return RouteRequest.of(method, "http", authority, target, headers);
    }
}
