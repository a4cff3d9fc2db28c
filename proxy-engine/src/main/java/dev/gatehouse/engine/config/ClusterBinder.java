package dev.gatehouse.engine.config;

import dev.gatehouse.engine.config.ClusterConfig.ConnectionPoolSettings;
import dev.gatehouse.engine.config.ClusterConfig.Discovery;
import dev.gatehouse.engine.config.ClusterConfig.HashPolicy;
import dev.gatehouse.engine.config.ClusterConfig.UpstreamProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Binds {@code clusters}: endpoints (addresses or demo backends), balancing, timeouts, TLS and pools. */
final class ClusterBinder {
    private final Diagnostics diagnostics;
    private final NameTable demoBackends;
    private final TlsBinder tls;
    private final NameTable names;

    ClusterBinder(Diagnostics diagnostics, NameTable demoBackends, TlsBinder tls) {
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        this.demoBackends = Objects.requireNonNull(demoBackends, "demoBackends");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.names = new NameTable("cluster", diagnostics);
    }

    /** The declared cluster names, for routes to refer to. */
    NameTable names() {
        return names;
    }

    List<ClusterConfig> bindAll(List<MappingReader> items) {
        List<ClusterConfig> clusters = new ArrayList<>();
        for (MappingReader r : items) {
            ClusterConfig cluster = bind(r);
            if (cluster != null) {
                clusters.add(cluster);
            }
        }
        return clusters;
    }

    private ClusterConfig bind(MappingReader r) {
        int errors = diagnostics.errorCount();
        String name = r.requiredString("name");
        if (name != null) {
            names.declare(name, r.positionOf("name"), r.pathOf("name"));
        }
        Discovery discovery = r.optionalChoice("discovery", MappingReader.choicesOf(Discovery.class), Discovery.STATIC);
        List<EndpointConfig> endpoints = endpoints(r, discovery);
        String lbPolicy = r.optionalChoice("lb_policy", MappingReader.choicesOf(ClusterConfig.LB_POLICIES),
                ClusterConfig.DEFAULT_LB_POLICY);
        HashPolicy hashOn = hashPolicy(r.optionalMapping("hash_on"));
        if (hashOn != null && !ClusterConfig.HASH_LB_POLICIES.contains(lbPolicy)) {
            r.warning("hash_on", "only ring_hash and maglev read hash_on; lb_policy '" + lbPolicy + "' ignores it");
        }
        Duration connectTimeout = r.optionalPositiveDuration("connect_timeout", ClusterConfig.DEFAULT_CONNECT_TIMEOUT);
        Duration dnsRefresh = r.optionalPositiveDuration("dns_refresh", ClusterConfig.DEFAULT_DNS_REFRESH);
        UpstreamProtocol protocol = r.optionalChoice("protocol", MappingReader.choicesOf(UpstreamProtocol.class),
                UpstreamProtocol.HTTP1);
        UpstreamTlsConfig tlsConfig = tls.upstream(r.optionalMapping("tls"));
        ConnectionPoolSettings pool = pool(r.optionalMapping("pool"));
        CircuitBreakers breakers = circuitBreakers(r.optionalMapping("circuit_breakers"));
        OutlierDetection outliers = outlierDetection(r.optionalMapping("outlier_detection"));
        HealthCheck healthCheck = healthCheck(r.optionalMapping("health_check"));
        int panicThreshold = r.optionalInt("panic_threshold", ClusterConfig.DEFAULT_PANIC_THRESHOLD, 0, 100);
        if (healthCheck != null && healthCheck.kind() == HealthCheck.Kind.HTTP && protocol == UpstreamProtocol.HTTP2
                && tlsConfig != null) {
            r.error("health_check", "http health checks speak HTTP/1.1, which ALPN does not offer to a TLS http2 "
                    + "cluster; use type: tcp");
        }
        r.finish();
        if (diagnostics.errorCount() > errors) {
            return null;
        }
        return new ClusterConfig(name, discovery, endpoints, lbPolicy, hashOn, connectTimeout, dnsRefresh, protocol,
                tlsConfig, pool, breakers, outliers, healthCheck, panicThreshold);
    }

    private List<EndpointConfig> endpoints(MappingReader r, Discovery discovery) {
        if (!r.has("endpoints")) {
            r.error("endpoints", "missing required field 'endpoints'");
            return List.of();
        }
        int errors = diagnostics.errorCount();
        List<EndpointConfig> endpoints = new ArrayList<>();
        for (MappingReader e : r.mappingList("endpoints")) {
            EndpointConfig endpoint = endpoint(e, discovery);
            if (endpoint != null) {
                endpoints.add(endpoint);
            }
        }
        if (endpoints.isEmpty() && diagnostics.errorCount() == errors) {
            r.error("endpoints", "needs at least one endpoint");
        }
        return endpoints;
    }

    private EndpointConfig endpoint(MappingReader r, Discovery discovery) {
        int errors = diagnostics.errorCount();
        r.exactlyOne("an endpoint", "address", "backend");
        HostPort address = r.optionalAddress("address", null);
        if (address != null && address.port() == 0) {
            r.error("address", "an endpoint needs a port between 1 and 65535");
        }
        String backend = r.optionalString("backend", null);
        if (backend != null && demoBackends.resolve(backend, r.positionOf("backend"), r.pathOf("backend"))
                && discovery == Discovery.DNS) {
            r.error("backend", "a demo backend has no DNS name to re-resolve; use discovery: static");
        }
        int weight = r.optionalInt("weight", EndpointConfig.DEFAULT_WEIGHT, 1, 1_000_000);
        r.finish();
        return diagnostics.errorCount() == errors ? new EndpointConfig(address, backend, weight) : null;
    }

    private HashPolicy hashPolicy(MappingReader r) {
        if (r == null) {
            return null;
        }
        r.exactlyOne("a hash key", "header", "cookie", "source_ip");
        String header = r.optionalHeaderName("header");
        String cookie = r.optionalString("cookie", null);
        boolean sourceIp = r.optionalBoolean("source_ip", false);
        if (r.has("source_ip") && !sourceIp) {
            r.error("source_ip", "source_ip: false hashes on nothing; set it to true or choose header or cookie");
        }
        r.finish();
        return new HashPolicy(header, cookie, sourceIp);
    }

    private static ConnectionPoolSettings pool(MappingReader r) {
        ConnectionPoolSettings defaults = ConnectionPoolSettings.DEFAULTS;
        if (r == null) {
            return defaults;
        }
        var pool = new ConnectionPoolSettings(
                r.optionalInt("max_connections", defaults.maxConnections(), 1, 1_000_000),
                r.optionalPositiveDuration("idle_timeout", defaults.idleTimeout()),
                r.optionalInt("max_pending_requests", defaults.maxPendingRequests(), 0, 1_000_000));
        r.finish();
        return pool;
    }

    private static CircuitBreakers circuitBreakers(MappingReader r) {
        CircuitBreakers defaults = CircuitBreakers.DEFAULTS;
        if (r == null) {
            return defaults;
        }
        var breakers = new CircuitBreakers(
                r.optionalInt("max_connections", defaults.maxConnections(), 1, 1_000_000_000),
                r.optionalInt("max_pending_requests", defaults.maxPendingRequests(), 0, 1_000_000_000),
                r.optionalInt("max_requests", defaults.maxRequests(), 1, 1_000_000_000),
                r.optionalInt("max_retries", defaults.maxRetries(), 0, 1_000_000_000));
        r.finish();
        return breakers;
    }

    private static OutlierDetection outlierDetection(MappingReader r) {
        if (r == null) {
            return null;
        }
        OutlierDetection d = OutlierDetection.DEFAULTS;
        Duration interval = r.optionalPositiveDuration("interval", d.interval());
        Duration base = r.optionalPositiveDuration("base_ejection_time", d.baseEjectionTime());
        // As in Envoy: unset, the longest ejection is 300s or the base time, whichever is larger.
        Duration longest = base.compareTo(d.maxEjectionTime()) > 0 ? base : d.maxEjectionTime();
        var detection = new OutlierDetection(
                interval,
                base,
                r.optionalPositiveDuration("max_ejection_time", longest),
                r.optionalInt("max_ejection_percent", d.maxEjectionPercent(), 0, 100),
                r.optionalInt("consecutive_5xx", d.consecutive5xx(), 1, 1_000_000),
                r.optionalInt("enforcing_consecutive_5xx", d.enforcingConsecutive5xx(), 0, 100),
                r.optionalInt("consecutive_gateway_failure", d.consecutiveGatewayFailure(), 1, 1_000_000),
                r.optionalInt("enforcing_consecutive_gateway_failure", d.enforcingConsecutiveGatewayFailure(), 0, 100),
                r.optionalInt("success_rate_minimum_hosts", d.successRateMinimumHosts(), 1, 1_000_000),
                r.optionalInt("success_rate_request_volume", d.successRateRequestVolume(), 1, 1_000_000_000),
                r.optionalDecimal("success_rate_stdev_factor", d.successRateStdevFactor(), 0, 100),
                r.optionalInt("enforcing_success_rate", d.enforcingSuccessRate(), 0, 100),
                r.optionalInt("failure_percentage_threshold", d.failurePercentageThreshold(), 0, 100),
                r.optionalInt("failure_percentage_minimum_hosts", d.failurePercentageMinimumHosts(), 1, 1_000_000),
                r.optionalInt("failure_percentage_request_volume", d.failurePercentageRequestVolume(), 1, 1_000_000_000),
                r.optionalInt("enforcing_failure_percentage", d.enforcingFailurePercentage(), 0, 100));
        if (detection.maxEjectionTime().compareTo(detection.baseEjectionTime()) < 0) {
            r.error("max_ejection_time", "must be at least base_ejection_time ("
                    + DurationSyntax.format(detection.baseEjectionTime()) + ")");
        }
        r.finish();
        return detection;
    }

    private static HealthCheck healthCheck(MappingReader r) {
        if (r == null) {
            return null;
        }
        int errorsBeforeType = r.diagnostics().errorCount();
        HealthCheck.Kind kind = r.optionalChoice("type", MappingReader.choicesOf(HealthCheck.Kind.class),
                HealthCheck.Kind.HTTP);
        boolean typeKnown = r.diagnostics().errorCount() == errorsBeforeType;
        String path = r.optionalUrlPath("path");
        if (typeKnown && kind == HealthCheck.Kind.HTTP && path == null && !r.has("path")) {
            r.error("an http health check needs a 'path', e.g. /healthz");
        }
        int errorsBefore = r.diagnostics().errorCount();
        List<HealthCheck.StatusRange> statuses = new ArrayList<>();
        for (MappingReader.Item item : r.stringList("expected_statuses")) {
            HealthCheck.StatusRange range = statusRange(item.value());
            if (range == null) {
                r.diagnostics().error(item.position(), item.path(),
                        "expected a status such as 200 or a range such as 200-299, got '" + item.value() + "'");
            } else {
                statuses.add(range);
            }
        }
        if (r.has("expected_statuses") && statuses.isEmpty() && r.diagnostics().errorCount() == errorsBefore) {
            r.error("expected_statuses", "needs at least one status");
        }
        String host = r.optionalString("host", null);
        if (kind == HealthCheck.Kind.TCP) {
            for (String httpOnly : List.of("path", "expected_statuses", "host")) {
                if (r.has(httpOnly)) {
                    r.error(httpOnly, "'" + httpOnly + "' applies to http health checks only; this one is tcp");
                }
            }
        }
        Duration interval = r.optionalPositiveDuration("interval", HealthCheck.DEFAULT_INTERVAL);
        Duration timeout = r.optionalPositiveDuration("timeout", HealthCheck.DEFAULT_TIMEOUT);
        Duration jitter = r.optionalDuration("jitter", HealthCheck.DEFAULT_JITTER);
        int healthy = r.optionalInt("healthy_threshold", HealthCheck.DEFAULT_HEALTHY_THRESHOLD, 1, 1000);
        int unhealthy = r.optionalInt("unhealthy_threshold", HealthCheck.DEFAULT_UNHEALTHY_THRESHOLD, 1, 1000);
        String initial = r.optionalChoice("initial_state", MappingReader.choicesOf(List.of("healthy", "unhealthy")),
                "unhealthy");
        r.finish();
        return new HealthCheck(kind, kind == HealthCheck.Kind.HTTP ? (path == null ? "/" : path) : null,
                kind == HealthCheck.Kind.HTTP && statuses.isEmpty() ? HealthCheck.DEFAULT_EXPECTED_STATUSES : statuses,
                kind == HealthCheck.Kind.HTTP ? host : null, interval, timeout, jitter, healthy, unhealthy,
                initial.equals("healthy"));
    }

    /** "200" or "200-299"; null when neither. */
    private static HealthCheck.StatusRange statusRange(String text) {
        try {
            int dash = text.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? text.trim() : text.substring(0, dash).trim());
            int to = dash < 0 ? from : Integer.parseInt(text.substring(dash + 1).trim());
            return new HealthCheck.StatusRange(from, to);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
