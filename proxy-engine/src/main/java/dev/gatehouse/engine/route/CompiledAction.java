package dev.gatehouse.engine.route;

/**
 * What a matched route does, compiled from {@code RouteAction}: forward to a cluster, split across
 * clusters, answer directly, or redirect.
 */
public sealed interface CompiledAction
        permits ClusterAction, WeightedClusterAction, DirectResponseAction, RedirectAction {
}
