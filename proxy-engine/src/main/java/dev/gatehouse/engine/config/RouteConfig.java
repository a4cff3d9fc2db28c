package dev.gatehouse.engine.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One route: requests matching {@link #match} get {@link #action}. Routes of a virtual host are
 * tried in declared order and the first match wins.
 *
 * @param rewrite         may be null
 * @param timeout         whole-request timeout including retries; {@link Duration#ZERO} disables it
 * @param retry           may be null (no retries)
 * @param filterOverrides by filter name: the listener's filters this route switches off or reconfigures
 */
public record RouteConfig(
        String name,
        String virtualHost,
        RouteMatch match,
        RouteAction action,
        Rewrite rewrite,
        Duration timeout,
        RetryPolicy retry,
        HeaderMutations requestHeaders,
        HeaderMutations responseHeaders,
        Map<String, FilterOverride> filterOverrides) {

    /** A route that changes none of its listener's filters. */
    public RouteConfig(String name, String virtualHost, RouteMatch match, RouteAction action, Rewrite rewrite,
                       Duration timeout, RetryPolicy retry, HeaderMutations requestHeaders,
                       HeaderMutations responseHeaders) {
        this(name, virtualHost, match, action, rewrite, timeout, retry, requestHeaders, responseHeaders, Map.of());
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    public RouteConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(virtualHost, "virtualHost");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(requestHeaders, "requestHeaders");
        Objects.requireNonNull(responseHeaders, "responseHeaders");
        filterOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(filterOverrides));
    }

    public RouteConfig withAction(RouteAction newAction) {
        return new RouteConfig(name, virtualHost, match, newAction, rewrite, timeout, retry, requestHeaders,
                responseHeaders, filterOverrides);
    }
}
