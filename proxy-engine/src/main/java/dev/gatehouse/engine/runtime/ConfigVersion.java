package dev.gatehouse.engine.runtime;

import dev.gatehouse.engine.config.GatewayConfig;
import java.time.Instant;
import java.util.Objects;

/**
 * An applied config with its version number (1, 2, 3... per process), when it was applied and where
 * it came from (a file, the admin API, a rollback).
 */
public record ConfigVersion(long number, Instant appliedAt, String source, GatewayConfig config) {
    public ConfigVersion {
        Objects.requireNonNull(appliedAt, "appliedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(config, "config");
    }
}
