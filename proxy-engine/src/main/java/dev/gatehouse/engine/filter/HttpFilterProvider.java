package dev.gatehouse.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A filter type, found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/dev.gatehouse.engine.filter.HttpFilterProvider}).
 */
public interface HttpFilterProvider {
    /** The name configs use in {@code filters[].type}, e.g. {@code headers}. */
    String type();

    /**
     * Checks a filter's config ({@code filters[].config}, an empty object when absent).
     *
     * @return problems, each with a path relative to the config ("request.set") and a message; empty if valid
     */
    List<ConfigProblem> validate(JsonNode config);

    /**
     * Builds the factory for a valid config, off the event loops.
     *
     * @throws IllegalArgumentException when the settings refer to something the config lacks; the
     *                                  config apply is then rejected with that message
     */
    HttpFilterFactory factory(FilterSetup setup);

    /**
     * Top-level settings that hold file paths; a relative one is resolved against the config file's
     * directory before {@link #validate} and {@link #factory} see it (URLs are left alone).
     */
    default java.util.Set<String> fileSettings() {
        return java.util.Set.of();
    }

    /** One thing wrong with a filter config. */
    record ConfigProblem(String path, String message) {
    }
}
