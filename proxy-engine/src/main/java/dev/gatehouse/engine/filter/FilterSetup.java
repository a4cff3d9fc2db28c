package dev.gatehouse.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.observe.GatewayMetrics;
import java.util.Objects;

/**
 * What a provider gets to build one configured filter: its name, its (validated) settings, and the
 * whole config it belongs to, for filters that refer to other sections (consumers, clusters), and
 * the engine's metrics, for filters that count their own events, and the config's shared
 * {@link FilterResources}, for state that outlives a request (clients, caches) and must be closed
 * when the config is replaced.
 */
public record FilterSetup(String name, JsonNode config, GatewayConfig gateway, GatewayMetrics metrics,
                          FilterResources resources) {
    public FilterSetup {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(gateway, "gateway");
    }
}
