package dev.gatehouse.engine.upstream.lb;

import dev.gatehouse.engine.upstream.Endpoint;

/**
 * Picks the endpoint for one request among the healthy endpoints of a cluster.
 *
 * <p>One instance serves every event loop at once, so implementations are thread-safe and never
 * block. The endpoint list is fixed for the balancer's lifetime, but health is read at each pick:
 * an endpoint marked unhealthy stops receiving requests on the next call.
 */
public interface LoadBalancer {
    /**
     * Chooses an endpoint for one request.
     *
     * @param hash the request's hash key (see {@link HashKeys}); only {@link LbPolicy#RING_HASH} and
     *             {@link LbPolicy#MAGLEV} use it, the other policies ignore it
     * @return a healthy endpoint, or null when no endpoint is healthy
     */
    Endpoint choose(long hash);
}
