package dev.gatehouse.engine.config;

import java.util.List;
import java.util.Objects;

/**
 * A set of domains that share routes. Domains are exact ("api.example.com"), suffix wildcards
 * ("*.example.com"), prefix wildcards ("api.*") or "*" (anything). The most specific match wins:
 * exact, then the longest suffix, then the longest prefix, then "*".
 */
public record VirtualHostConfig(String name, List<String> domains) {
    /** The virtual host that routes without a {@code virtual_host} belong to. */
    public static final String DEFAULT_NAME = "default";
    /** The virtual host routes get when they name none and the config declares no "default". */
    public static final VirtualHostConfig IMPLICIT_DEFAULT = new VirtualHostConfig(DEFAULT_NAME, List.of("*"));

    public VirtualHostConfig {
        Objects.requireNonNull(name, "name");
        domains = List.copyOf(domains);
    }
}
