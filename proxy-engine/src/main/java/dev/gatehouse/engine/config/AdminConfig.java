package dev.gatehouse.engine.config;

import java.util.Objects;

/**
 * The admin API listener.
 *
 * @param token bearer token for mutating calls; null means "generate one at start and print it once"
 */
public record AdminConfig(boolean enabled, HostPort address, String token) {
    public static final AdminConfig DEFAULTS = new AdminConfig(true, new HostPort("127.0.0.1", 9901), null);

    public AdminConfig {
        Objects.requireNonNull(address, "address");
    }
}
