package dev.gatehouse.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.observe.GatewayMetrics;
import dev.gatehouse.engine.upstream.Cluster;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a provider gets to build one configured filter: its name, its (validated) settings, and the
 * whole config it belongs to, for filters that refer to other sections (consumers, clusters), and
 * the engine's metrics, for filters that count their own events, and the config's shared
 * {@link FilterResources}, for state that outlives a request (clients, caches) and must be closed
 * when the config is replaced; and the config's running clusters, for filters that make their own
 * upstream calls through the clusters' balancers and pools.
 *
 * @param clusters a running cluster by name, or null when there is none (or the setup has none at hand)
 */
public record FilterSetup(String name, JsonNode config, GatewayConfig gateway, GatewayMetrics metrics,
                          FilterResources resources, Function<String, Cluster> clusters) {
    /** A setup without running clusters (validation, tests). */
    public FilterSetup(String name, JsonNode config, GatewayConfig gateway, GatewayMetrics metrics,
                       FilterResources resources) {
        this(name, config, gateway, metrics, resources, cluster -> null);
    }

    public FilterSetup {
        Objects.requireNonNull(clusters, "clusters");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(gateway, "gateway");
    }
}
