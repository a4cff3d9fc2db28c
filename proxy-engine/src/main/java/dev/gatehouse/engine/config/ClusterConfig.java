package dev.gatehouse.engine.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An upstream service: where its endpoints are and how requests are spread over them.
 *
 * @param lbPolicy  round_robin, weighted_round_robin, least_request, random, ring_hash or maglev
 * @param hashOn    what ring_hash and maglev hash; may be null (then a random key per request)
 * @param dnsRefresh how often {@link Discovery#DNS} clusters re-resolve their host names
 * @param tls       TLS to the endpoints; null for cleartext
 * @param circuitBreakers  cluster-wide limits on connections, pending requests, requests and retries
 * @param outlierDetection passive ejection of failing endpoints; null when off
 * @param healthCheck      active checks of every endpoint; null when off
 * @param panicThreshold   percent: when fewer endpoints than this are healthy, balance over all of them
 */
public record ClusterConfig(
        String name,
        Discovery discovery,
        List<EndpointConfig> endpoints,
        String lbPolicy,
        HashPolicy hashOn,
        Duration connectTimeout,
        Duration dnsRefresh,
        UpstreamProtocol protocol,
        UpstreamTlsConfig tls,
        ConnectionPoolSettings pool,
        CircuitBreakers circuitBreakers,
        OutlierDetection outlierDetection,
        HealthCheck healthCheck,
        int panicThreshold) {

    /** Every balancing policy a cluster may name, in the order the docs and editors list them. */
    public static final List<String> LB_POLICIES =
            List.of("round_robin", "weighted_round_robin", "least_request", "random", "ring_hash", "maglev");
    /** The consistent-hash policies, the only ones that read {@link #hashOn}. */
    public static final List<String> HASH_LB_POLICIES = List.of("ring_hash", "maglev");
    public static final String DEFAULT_LB_POLICY = "round_robin";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DNS_REFRESH = Duration.ofSeconds(30);
    /** Envoy's healthy panic threshold. */
    public static final int DEFAULT_PANIC_THRESHOLD = 50;

    public ClusterConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(discovery, "discovery");
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(lbPolicy, "lbPolicy");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(dnsRefresh, "dnsRefresh");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(circuitBreakers, "circuitBreakers");
        if (panicThreshold < 0 || panicThreshold > 100) {
            throw new IllegalArgumentException("panicThreshold must be a percent: " + panicThreshold);
        }
    }

    /** A cluster with default circuit breakers and panic threshold, no outlier detection or health checks. */
    public ClusterConfig(String name, Discovery discovery, List<EndpointConfig> endpoints, String lbPolicy,
                         HashPolicy hashOn, Duration connectTimeout, Duration dnsRefresh, UpstreamProtocol protocol,
                         UpstreamTlsConfig tls, ConnectionPoolSettings pool) {
        this(name, discovery, endpoints, lbPolicy, hashOn, connectTimeout, dnsRefresh, protocol, tls, pool,
                CircuitBreakers.DEFAULTS, null, null, DEFAULT_PANIC_THRESHOLD);
    }

    public enum Discovery {
        /** Endpoint addresses are used as written (host names resolved once, at apply). */
        STATIC,
        /** Endpoint host names are re-resolved every {@code dns_refresh}; every address becomes an endpoint. */
        DNS
    }

    public enum UpstreamProtocol {
        HTTP1,
        /** HTTP/2: with prior knowledge over cleartext, negotiated by ALPN over TLS. */
        HTTP2
    }

    /**
     * @param maxConnections per event loop and endpoint; requests beyond it wait for a free connection
     * @param idleTimeout    idle upstream connections are closed after this long
     * @param maxPendingRequests requests that may wait for a connection, per event loop and endpoint
     */
    public record ConnectionPoolSettings(int maxConnections, Duration idleTimeout, int maxPendingRequests) {
        public static final ConnectionPoolSettings DEFAULTS =
                new ConnectionPoolSettings(1024, Duration.ofSeconds(60), 1024);

        public ConnectionPoolSettings {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
        }
    }

    /** What a consistent-hash balancer hashes on; exactly one field is set. */
    public record HashPolicy(String header, String cookie, boolean sourceIp) {
    }
}
