package dev.gatehouse.engine.config;

import java.util.List;
import java.util.Objects;

/**
 * A downstream listener.
 *
 * @param virtualHosts names of the virtual hosts it serves; empty means all of them
 * @param http2        accept HTTP/2 cleartext (prior knowledge and h2c upgrade) beside HTTP/1.1
 * @param filters      names of {@link FilterConfig}s, the request filter chain in order (the router is last)
 * @param trustedHops  how many proxies in front of us are trusted to append X-Forwarded-For;
 *                     0 means the client address is the TCP peer
 */
public record ListenerConfig(
        String name,
        HostPort address,
        List<String> virtualHosts,
        boolean http2,
        int trustedHops,
        ListenerLimits limits,
        List<String> filters) {

    /** A listener without filters. */
    public ListenerConfig(String name, HostPort address, List<String> virtualHosts, boolean http2, int trustedHops,
                          ListenerLimits limits) {
        this(name, address, virtualHosts, http2, trustedHops, limits, List.of());
    }

    public ListenerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        virtualHosts = List.copyOf(virtualHosts);
        Objects.requireNonNull(limits, "limits");
        filters = List.copyOf(filters);
    }

    public ListenerConfig withName(String newName) {
        return new ListenerConfig(newName, address, virtualHosts, http2, trustedHops, limits, filters);
    }

    public ListenerConfig withAddress(HostPort newAddress) {
        return new ListenerConfig(name, newAddress, virtualHosts, http2, trustedHops, limits, filters);
    }
}
