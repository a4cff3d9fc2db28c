package dev.gatehouse.engine.runtime;

import dev.gatehouse.engine.observe.GatewayMetrics;
import dev.gatehouse.engine.upstream.CircuitBreaker;
import dev.gatehouse.engine.upstream.Cluster;
import dev.gatehouse.engine.upstream.Endpoint;
import java.util.Collection;
import java.util.function.Supplier;

/** Scrape-time gauges over the live clusters: endpoint health, active requests and pool sizes. */
final class ClusterStats {
    private ClusterStats() {
    }

    static void register(GatewayMetrics metrics, Supplier<Collection<Cluster>> clusters) {
        metrics.gaugeCallback("gatehouse_endpoint_healthy", "1 if the endpoint takes traffic, 0 if not",
                new String[] {"cluster", "endpoint"}, cb -> {
                    for (Cluster c : clusters.get()) {
                        for (Endpoint e : c.endpoints()) {
                            cb.call(e.isHealthy() ? 1 : 0, c.name(), e.authority());
                        }
                    }
                });
        metrics.gaugeCallback("gatehouse_endpoint_requests_active", "Requests in flight to the endpoint",
                new String[] {"cluster", "endpoint"}, cb -> {
                    for (Cluster c : clusters.get()) {
                        for (Endpoint e : c.endpoints()) {
                            cb.call(e.activeRequests(), c.name(), e.authority());
                        }
                    }
                });
        metrics.gaugeCallback("gatehouse_upstream_pool_connections",
                "Upstream connections by state (idle, active) and waiting requests (waiting)",
                new String[] {"cluster", "endpoint", "state"}, cb -> {
                    for (Cluster c : clusters.get()) {
                        for (Endpoint e : c.endpoints()) {
                            Cluster.PoolStats s = c.poolStats(e);
                            cb.call(s.idle(), c.name(), e.authority(), "idle");
                            cb.call(s.active(), c.name(), e.authority(), "active");
                            cb.call(s.waiting(), c.name(), e.authority(), "waiting");
                        }
                    }
                });
        metrics.gaugeCallback("gatehouse_endpoint_outlier_ejected", "1 if outlier detection has ejected the endpoint",
                new String[] {"cluster", "endpoint"}, cb -> {
                    for (Cluster c : clusters.get()) {
                        for (Endpoint e : c.endpoints()) {
                            cb.call(e.ejection() != null ? 1 : 0, c.name(), e.authority());
                        }
                    }
                });
        metrics.gaugeCallback("gatehouse_endpoint_health_check_failing", "1 if active health checks find the endpoint unhealthy",
                new String[] {"cluster", "endpoint"}, cb -> {
                    for (Cluster c : clusters.get()) {
                        for (Endpoint e : c.endpoints()) {
                            cb.call(e.failsHealthCheck() ? 1 : 0, c.name(), e.authority());
                        }
                    }
                });
        metrics.gaugeCallback("gatehouse_cluster_panic", "1 while too few endpoints are healthy and all take traffic",
                new String[] {"cluster"}, cb -> {
                    for (Cluster c : clusters.get()) {
                        cb.call(c.isInPanic() ? 1 : 0, c.name());
                    }
                });
        metrics.gaugeCallback("gatehouse_circuit_breaker_open", "1 while the breaker's limit is reached",
                new String[] {"cluster", "breaker"}, cb -> {
                    for (Cluster c : clusters.get()) {
                        for (CircuitBreaker.Limit limit : c.circuitBreaker().limits()) {
                            cb.call(limit.isOpen() ? 1 : 0, c.name(), limit.name());
                        }
                    }
                });
        metrics.gaugeCallback("gatehouse_circuit_breaker_remaining", "Claims the breaker still allows",
                new String[] {"cluster", "breaker"}, cb -> {
                    for (Cluster c : clusters.get()) {
                        for (CircuitBreaker.Limit limit : c.circuitBreaker().limits()) {
                            cb.call(limit.remaining(), c.name(), limit.name());
                        }
                    }
                });
        metrics.gaugeCallback("gatehouse_cluster_requests_active", "Requests in flight to the cluster",
                new String[] {"cluster"}, cb -> {
                    for (Cluster c : clusters.get()) {
                        cb.call(c.activeRequests(), c.name());
                    }
                });
    }
}
