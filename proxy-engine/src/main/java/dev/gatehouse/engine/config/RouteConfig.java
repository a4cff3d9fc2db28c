package dev.gatehouse.engine.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One route: requests matching {@link #match} get {@link #action}. Routes of a virtual host are
 * tried in declared order and the first match wins.
 *
 * @param rewrite         may be null
 * @param timeout         whole-request timeout including retries; {@link Duration#ZERO} disables it
 * @param retry           may be null (no retries)
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
        HeaderMutations responseHeaders) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    public RouteConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(virtualHost, "virtualHost");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(requestHeaders, "requestHeaders");
        Objects.requireNonNull(responseHeaders, "responseHeaders");
    }

    public RouteConfig withAction(RouteAction newAction) {
        return new RouteConfig(name, virtualHost, match, newAction, rewrite, timeout, retry, requestHeaders,
                responseHeaders);
    }
}
