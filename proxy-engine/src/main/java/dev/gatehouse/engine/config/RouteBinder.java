package dev.gatehouse.engine.config;

import dev.gatehouse.engine.config.RetryPolicy.RetryBudget;
import dev.gatehouse.engine.config.RetryPolicy.RetryOn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Binds {@code routes}: match, action, rewrite, timeout, retry and header edits. References to
 * virtual hosts and clusters are checked as they are read, and each route is compared with the
 * earlier routes of its virtual host to warn about routes that can never match.
 */
final class RouteBinder {
    private static final List<String> ACTIONS = List.of("cluster", "weighted_clusters", "direct_response", "redirect");
    private static final List<Integer> REDIRECT_STATUSES = List.of(301, 302, 303, 307, 308);
    private static final Map<String, RetryOn> RETRY_CONDITIONS = retryConditionsByName();

    private final Diagnostics diagnostics;
    private final VirtualHostBinder virtualHosts;
    private final NameTable clusters;
    private final NameTable names;
    private final RouteMatchBinder matches;
    private final HeaderMutationsBinder headerMutations;
    private final Map<String, List<BoundRoute>> earlierRoutesByVirtualHost = new HashMap<>();

    private final FilterBinder filters;

    RouteBinder(Diagnostics diagnostics, VirtualHostBinder virtualHosts, NameTable clusters, FilterBinder filters) {
        this.filters = filters;
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        this.virtualHosts = Objects.requireNonNull(virtualHosts, "virtualHosts");
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.names = new NameTable("route", diagnostics);
        this.matches = new RouteMatchBinder(diagnostics);
        this.headerMutations = new HeaderMutationsBinder(diagnostics);
    }

    List<RouteConfig> bindAll(List<MappingReader> items) {
        List<RouteConfig> routes = new ArrayList<>();
        for (MappingReader r : items) {
            RouteConfig route = bind(r);
            if (route != null) {
                routes.add(route);
            }
        }
        return routes;
    }

    private RouteConfig bind(MappingReader r) {
        int errors = diagnostics.errorCount();
        String name = r.optionalString("name", defaultName(r.index()));
        names.declare(name, r.positionOf("name"), r.pathOf("name"));
        String virtualHost = r.optionalString("virtual_host", VirtualHostConfig.DEFAULT_NAME);
        virtualHosts.resolve(virtualHost, r.positionOf("virtual_host"), r.pathOf("virtual_host"));
        MappingReader matchReader = r.requiredMapping("match");
        RouteMatch match = matchReader == null ? null : matches.bind(matchReader);
        RouteAction action = action(r, match);
        boolean proxies = action instanceof RouteAction.Cluster || action instanceof RouteAction.WeightedClusters;
        Rewrite rewrite = rewrite(r.optionalMapping("rewrite"), match);
        Duration timeout = r.optionalDuration("timeout", RouteConfig.DEFAULT_TIMEOUT);
        RetryPolicy retry = retry(r.optionalMapping("retry"), timeout);
        if (action != null && !proxies) {
            for (String proxyOnly : List.of("rewrite", "retry")) {
                if (r.has(proxyOnly)) {
                    r.error(proxyOnly, proxyOnly + " applies only to routes that proxy (cluster or weighted_clusters)");
                }
            }
        }
        HeaderMutations requestHeaders = headerMutations.bind(r.optionalMapping("request_headers"));
        HeaderMutations responseHeaders = headerMutations.bind(r.optionalMapping("response_headers"));
        Map<String, FilterOverride> overrides = filters.overrides(r);
        r.finish();
        if (diagnostics.errorCount() > errors) {
            return null;
        }
        var route = new RouteConfig(name, virtualHost, match, action, rewrite, timeout, retry, requestHeaders,
                responseHeaders, overrides);
        warnIfShadowed(r, route);
        return route;
    }

    /** The name a route gets when it has none; the exporter leaves such names out. */
    static String defaultName(int index) {
        return "route-" + index;
    }

    // Every action present is read, so errors inside a second action are reported too.
    private RouteAction action(MappingReader r, RouteMatch match) {
        String chosen = r.exactlyOne("an action", ACTIONS.toArray(String[]::new));
        RouteAction action = null;
        for (String key : ACTIONS) {
            if (r.has(key)) {
                RouteAction bound = switch (key) {
                    case "cluster" -> clusterAction(r);
                    case "weighted_clusters" -> weightedClusters(r);
                    case "direct_response" -> directResponse(r.requiredMapping(key));
                    default -> redirect(r.requiredMapping(key), match);
                };
                if (key.equals(chosen)) {
                    action = bound;
                }
            }
        }
        return action;
    }

    private RouteAction clusterAction(MappingReader r) {
        String cluster = r.requiredString("cluster");
        return cluster != null && clusters.resolve(cluster, r.positionOf("cluster"), r.pathOf("cluster"))
                ? new RouteAction.Cluster(cluster) : null;
    }

    private RouteAction weightedClusters(MappingReader r) {
        int errors = diagnostics.errorCount();
        List<RouteAction.WeightedCluster> split = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (MappingReader w : r.mappingList("weighted_clusters")) {
            String cluster = w.requiredString("cluster");
            if (cluster != null && clusters.resolve(cluster, w.positionOf("cluster"), w.pathOf("cluster"))
                    && !seen.add(cluster)) {
                w.error("cluster", "cluster '" + cluster + "' is listed twice");
            }
            Integer weight = w.requiredInt("weight", Integer.MIN_VALUE, 1_000_000);
            if (weight != null && weight <= 0) {
                w.error("weight", "weight must be greater than 0, got " + weight);
            }
            w.finish();
            if (cluster != null && weight != null) {
                split.add(new RouteAction.WeightedCluster(cluster, weight));
            }
        }
        if (split.isEmpty() && diagnostics.errorCount() == errors) {
            r.error("weighted_clusters", "needs at least one cluster");
        }
        return diagnostics.errorCount() == errors ? new RouteAction.WeightedClusters(split) : null;
    }

    private RouteAction directResponse(MappingReader r) {
        if (r == null) {
            return null;
        }
        Integer status = r.requiredInt("status", 200, 599);
        String body = r.optionalText("body", "");
        String contentType = r.optionalString("content_type", null);
        r.finish();
        return status == null ? null : new RouteAction.DirectResponse(status, body, contentType);
    }

    private RouteAction redirect(MappingReader r, RouteMatch match) {
        if (r == null) {
            return null;
        }
        int errors = diagnostics.errorCount();
        String scheme = r.optionalChoice("scheme", MappingReader.choicesOf(List.of("http", "https")), null);
        String host = r.optionalString("host", null);
        Integer port = r.optionalInteger("port", 1, 65535);
        String path = r.optionalUrlPath("path");
        String prefixRewrite = r.optionalUrlPath("prefix_rewrite");
        if (r.has("path") && r.has("prefix_rewrite")) {
            r.error("prefix_rewrite", "'prefix_rewrite' cannot be combined with 'path'");
        } else if (prefixRewrite != null && match != null && match.prefix() == null) {
            r.error("prefix_rewrite", "prefix_rewrite needs a route that matches on prefix");
        }
        int status = r.optionalInt("status", RouteAction.Redirect.DEFAULT_STATUS, 100, 599);
        if (!REDIRECT_STATUSES.contains(status)) {
            r.error("status", "a redirect status must be 301, 302, 303, 307 or 308, got " + status);
        }
        boolean stripQuery = r.optionalBoolean("strip_query", false);
        if (scheme == null && host == null && port == null && path == null && prefixRewrite == null && !stripQuery
                && diagnostics.errorCount() == errors) {
            r.error("this redirect points back at the same URL; set scheme, host, port, path or prefix_rewrite");
        }
        r.finish();
        return diagnostics.errorCount() == errors
                ? new RouteAction.Redirect(scheme, host, port, path, prefixRewrite, status, stripQuery) : null;
    }

    private Rewrite rewrite(MappingReader r, RouteMatch match) {
        if (r == null) {
            return null;
        }
        String prefix = r.optionalUrlPath("prefix");
        if (prefix != null && match != null && match.prefix() == null) {
            r.error("prefix", "a prefix rewrite needs a route that matches on prefix");
        }
        String regex = r.optionalRegex("regex");
        String substitution = r.optionalText("substitution", null);
        if (r.has("regex") != r.has("substitution")) {
            String missing = r.has("regex") ? "substitution" : "regex";
            r.error(r.has("regex") ? "regex" : "substitution", "needs '" + missing + "' as well");
        } else if (r.has("prefix") && r.has("regex")) {
            r.error("regex", "'regex' cannot be combined with 'prefix'; rewrite the path one way");
        }
        String host = r.optionalString("host", null);
        r.finish();
        // An empty rewrite block rewrites nothing; it is the same as no block.
        return prefix == null && regex == null && substitution == null && host == null
                ? null : new Rewrite(prefix, regex, substitution, host);
    }

    private RetryPolicy retry(MappingReader r, Duration routeTimeout) {
        if (r == null) {
            return null;
        }
        int errors = diagnostics.errorCount();
        Set<RetryOn> retryOn = retryConditions(r);
        int numRetries = r.optionalInt("num_retries", RetryPolicy.DEFAULT_NUM_RETRIES, 0, 100);
        Duration perTryTimeout = r.optionalDuration("per_try_timeout", Duration.ZERO);
        if (!perTryTimeout.isZero() && !routeTimeout.isZero() && perTryTimeout.compareTo(routeTimeout) >= 0) {
            r.warning("per_try_timeout", "per_try_timeout " + DurationSyntax.format(perTryTimeout)
                    + " is not shorter than the route timeout " + DurationSyntax.format(routeTimeout)
                    + ", so no retry will get to run after a timeout");
        }
        Duration backoffBase = RetryPolicy.DEFAULT_BACKOFF_BASE;
        Duration backoffMax = RetryPolicy.DEFAULT_BACKOFF_MAX;
        MappingReader backoff = r.optionalMapping("backoff");
        if (backoff != null) {
            backoffBase = backoff.optionalPositiveDuration("base", backoffBase);
            backoffMax = backoff.optionalPositiveDuration("max", backoffMax);
            if (backoffMax.compareTo(backoffBase) < 0) {
                backoff.error("max", "must be at least base (" + DurationSyntax.format(backoffBase) + ")");
            }
            backoff.finish();
        }
        RetryBudget budget = budget(r.optionalMapping("budget"));
        r.finish();
        return diagnostics.errorCount() == errors
                ? new RetryPolicy(retryOn, numRetries, perTryTimeout, backoffBase, backoffMax, budget) : null;
    }

    private Set<RetryOn> retryConditions(MappingReader r) {
        if (!r.has("on")) {
            r.error("on", "missing required field 'on'");
            return Set.of();
        }
        Set<RetryOn> conditions = EnumSet.noneOf(RetryOn.class);
        List<MappingReader.Item> items = r.stringList("on");
        for (MappingReader.Item item : items) {
            RetryOn condition = RETRY_CONDITIONS.get(item.value());
            if (condition == null) {
                diagnostics.error(item.position(), item.path(), "expected one of " + String.join(", ", RETRY_CONDITIONS.keySet())
                        + ", got '" + item.value() + "'" + Spelling.didYouMean(item.value(), RETRY_CONDITIONS.keySet()));
            } else {
                conditions.add(condition);
            }
        }
        if (items.isEmpty()) {
            r.error("on", "needs at least one condition: " + String.join(", ", RETRY_CONDITIONS.keySet()));
        }
        return conditions;
    }

    private static RetryBudget budget(MappingReader r) {
        if (r == null) {
            return null;
        }
        RetryBudget defaults = RetryBudget.DEFAULTS;
        var budget = new RetryBudget(
                r.optionalPositiveDecimal("percent", defaults.percent(), 100),
                r.optionalInt("min_concurrency", defaults.minConcurrency(), 0, 1_000_000));
        r.finish();
        return budget;
    }

    private void warnIfShadowed(MappingReader r, RouteConfig route) {
        List<BoundRoute> earlier = earlierRoutesByVirtualHost.computeIfAbsent(route.virtualHost(), v -> new ArrayList<>());
        for (BoundRoute e : earlier) {
            String reason = RouteShadowing.covers(e.route.match(), route.match());
            if (reason != null) {
                r.warning("match", "route '" + route.name() + "' can never match: route '" + e.route.name()
                        + "' (line " + e.position.line() + ") comes first and takes every request this one would ("
                        + reason + ")");
                break;
            }
        }
        earlier.add(new BoundRoute(route, r.position()));
    }

    private static Map<String, RetryOn> retryConditionsByName() {
        Map<String, RetryOn> conditions = new LinkedHashMap<>();
        for (RetryOn condition : RetryOn.values()) {
            conditions.put(condition.configName(), condition);
        }
        return conditions;
    }

    private record BoundRoute(RouteConfig route, Position position) {
    }
}
