package dev.gatehouse.engine.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Binds {@code listeners}: names, addresses (which must not clash), virtual hosts, TLS and limits. */
final class ListenerBinder {
    private final Diagnostics diagnostics;
    private final VirtualHostBinder virtualHosts;
    private final AddressClaims addresses;
    private final TlsBinder tls;
    private final NameTable names;

    private final FilterBinder filters;

    ListenerBinder(Diagnostics diagnostics, VirtualHostBinder virtualHosts, AddressClaims addresses, TlsBinder tls,
                   FilterBinder filters) {
        this.filters = filters;
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        this.virtualHosts = Objects.requireNonNull(virtualHosts, "virtualHosts");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.names = new NameTable("listener", diagnostics);
    }

    List<ListenerConfig> bindAll(List<MappingReader> items) {
        List<ListenerConfig> listeners = new ArrayList<>();
        for (MappingReader r : items) {
            ListenerConfig listener = bind(r);
            if (listener != null) {
                listeners.add(listener);
            }
        }
        return listeners;
    }

    private ListenerConfig bind(MappingReader r) {
        int errors = diagnostics.errorCount();
        String name = r.requiredString("name");
        if (name != null) {
            names.declare(name, r.positionOf("name"), r.pathOf("name"));
        }
        HostPort address = r.requiredAddress("address");
        if (address != null) {
            addresses.claim(name != null ? "listener '" + name + "'" : "an unnamed listener", address, r.positionOf("address"), r.pathOf("address"));
        }
        List<String> served = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (MappingReader.Item item : r.stringList("virtual_hosts")) {
            if (!seen.add(item.value())) {
                diagnostics.error(item.position(), item.path(), "virtual host '" + item.value() + "' is listed twice");
            } else if (virtualHosts.resolve(item.value(), item.position(), item.path())) {
                served.add(item.value());
            }
        }
        boolean http2 = r.optionalBoolean("http2", true);
        ListenerTlsConfig tlsConfig = tls.listener(r.optionalMapping("tls"), http2);
        int trustedHops = r.optionalInt("trusted_hops", 0, 0, 64);
        ListenerLimits limits = limits(r.optionalMapping("limits"));
        List<String> chain = filters.chain(r);
        boolean traceHeader = r.optionalBoolean("trace_header", false);
        r.finish();
        if (diagnostics.errorCount() > errors) {
            return null;
        }
        return new ListenerConfig(name, address, served, http2, tlsConfig, trustedHops, limits, chain, traceHeader);
    }

    private static ListenerLimits limits(MappingReader r) {
        ListenerLimits defaults = ListenerLimits.DEFAULTS;
        if (r == null) {
            return defaults;
        }
        var limits = new ListenerLimits(
                r.optionalSize("max_request_line_bytes", defaults.maxRequestLineBytes()),
                r.optionalSize("max_header_bytes", defaults.maxHeaderBytes()),
                r.optionalInt("max_headers", defaults.maxHeaders(), 1, 100_000),
                r.optionalPositiveDuration("idle_timeout", defaults.idleTimeout()),
                r.optionalPositiveDuration("request_headers_timeout", defaults.requestHeadersTimeout()),
                r.optionalInt("max_connections", defaults.maxConnections(), 1, 10_000_000));
        r.finish();
        return limits;
    }
}
