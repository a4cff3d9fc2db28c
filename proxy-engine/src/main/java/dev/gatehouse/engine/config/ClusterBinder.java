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
        r.finish();
        if (diagnostics.errorCount() > errors) {
            return null;
        }
        return new ClusterConfig(name, discovery, endpoints, lbPolicy, hashOn, connectTimeout, dnsRefresh, protocol, tlsConfig, pool);
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
}
