package dev.gatehouse.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;

/**
 * A named, reusable filter: its type (a filter provider's name) and that type's own settings, kept
 * as a JSON tree because each filter type reads its own schema. Listeners list filter names to form
 * their chains.
 *
 * @param config never modified after construction (a private copy is kept)
 */
public record FilterConfig(String name, String type, JsonNode config) {
    public FilterConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        config = config == null ? JsonNodeFactory.instance.objectNode() : config.deepCopy();
    }
}
