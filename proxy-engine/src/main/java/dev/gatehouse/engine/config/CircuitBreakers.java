package dev.gatehouse.engine.config;

/**
 * A cluster's circuit breakers, as Envoy's: limits over the whole cluster (every event loop and
 * endpoint together). A request that would exceed one is answered 503 with flag {@code UO} at once; a
 * retry that would exceed {@code maxRetries} is not attempted.
 *
 * @param maxConnections     upstream connections open at once
 * @param maxPendingRequests requests waiting for a connection at once
 * @param maxRequests        requests in flight at once
 * @param maxRetries         retries in flight at once (a route's retry budget, when set, decides instead)
 */
public record CircuitBreakers(int maxConnections, int maxPendingRequests, int maxRequests, int maxRetries) {
    /** Envoy's defaults. */
    public static final CircuitBreakers DEFAULTS = new CircuitBreakers(1024, 1024, 1024, 3);

    public CircuitBreakers {
        if (maxConnections < 1 || maxPendingRequests < 0 || maxRequests < 1 || maxRetries < 0) {
            throw new IllegalArgumentException("circuit breaker limits out of range: " + maxConnections + ", "
                    + maxPendingRequests + ", " + maxRequests + ", " + maxRetries);
        }
    }
}
