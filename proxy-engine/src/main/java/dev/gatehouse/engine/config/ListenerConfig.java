package dev.gatehouse.engine.config;

import java.util.List;
import java.util.Objects;

/**
 * A downstream listener.
 *
 * @param virtualHosts names of the virtual hosts it serves; empty means all of them
 * @param http2        accept HTTP/2 beside HTTP/1.1: by ALPN on a TLS listener, by prior knowledge or h2c
 *                     upgrade on a cleartext one
 * @param tls          TLS settings; null for a cleartext listener
 * @param trustedHops  how many proxies in front of us are trusted to append X-Forwarded-For;
 *                     0 means the client address is the TCP peer
 * @param filters      names of {@link FilterConfig}s, the request filter chain in order (the router is last)
 * @param traceHeader  answer {@code x-gatehouse-trace: 1} on a request with a trace summary on the response
 *                     (off by default: it tells clients about the inside of the gateway)
 */
public record ListenerConfig(
        String name,
        HostPort address,
        List<String> virtualHosts,
        boolean http2,
        ListenerTlsConfig tls,
        int trustedHops,
        ListenerLimits limits,
        List<String> filters,
        boolean traceHeader) {

    /** A listener without trace summaries. */
    public ListenerConfig(String name, HostPort address, List<String> virtualHosts, boolean http2,
                          ListenerTlsConfig tls, int trustedHops, ListenerLimits limits, List<String> filters) {
        this(name, address, virtualHosts, http2, tls, trustedHops, limits, filters, false);
    }

    /** A listener without filters. */
    public ListenerConfig(String name, HostPort address, List<String> virtualHosts, boolean http2,
                          ListenerTlsConfig tls, int trustedHops, ListenerLimits limits) {
        this(name, address, virtualHosts, http2, tls, trustedHops, limits, List.of());
    }

    /** A cleartext listener without filters. */
    public ListenerConfig(String name, HostPort address, List<String> virtualHosts, boolean http2, int trustedHops,
                          ListenerLimits limits) {
        this(name, address, virtualHosts, http2, null, trustedHops, limits, List.of());
    }

    public ListenerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        virtualHosts = List.copyOf(virtualHosts);
        Objects.requireNonNull(limits, "limits");
        filters = List.copyOf(filters);
    }

    public ListenerConfig withName(String newName) {
        return new ListenerConfig(newName, address, virtualHosts, http2, tls, trustedHops, limits, filters, traceHeader);
    }

    public ListenerConfig withAddress(HostPort newAddress) {
        return new ListenerConfig(name, newAddress, virtualHosts, http2, tls, trustedHops, limits, filters, traceHeader);
    }

    public ListenerConfig withTls(ListenerTlsConfig newTls) {
        return new ListenerConfig(name, address, virtualHosts, http2, newTls, trustedHops, limits, filters, traceHeader);
    }

    /** {@code https} on a TLS listener, else {@code http}: what the forwarded request says it came in as. */
    public String scheme() {
        return tls != null ? "https" : "http";
    }
}
