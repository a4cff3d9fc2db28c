package dev.gatehouse.engine.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one route changes a filter of its listener's chain: switch it off, or run it with other
 * settings.
 *
 * @param config replacement settings, or null to keep the filter's own
 */
public record FilterOverride(boolean disabled, JsonNode config) {
    public FilterOverride {
        config = config == null ? null : config.deepCopy();
    }
}
