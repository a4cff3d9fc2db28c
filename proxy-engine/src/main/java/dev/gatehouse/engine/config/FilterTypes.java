package dev.gatehouse.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The filter types a config may name, and a check of each one's settings. Implemented by the filter
 * registry and found with {@link ServiceLoader}, so the config layer knows no filter code.
 */
public interface FilterTypes {
    Set<String> names();

    /** Problems with a filter's settings, each as (path relative to {@code config}, message). */
    List<Problem> validate(String type, JsonNode config);

    /**
     * The names of a type's top-level settings that hold file paths: the loader resolves relative ones
     * against the config file's directory (as it does certificate paths), the exporter writes them back.
     */
    default Set<String> fileSettings(String type) {
        return Set.of();
    }

    record Problem(String path, String message) {
    }

    /** The registered filter types (none if no implementation is on the classpath). */
    static FilterTypes discover() {
        return ServiceLoader.load(FilterTypes.class).findFirst().orElse(NONE);
    }

    FilterTypes NONE = new FilterTypes() {
        @Override
        public Set<String> names() {
            return Set.of();
        }

        @Override
        public List<Problem> validate(String type, JsonNode config) {
            return List.of();
        }
    };
}
