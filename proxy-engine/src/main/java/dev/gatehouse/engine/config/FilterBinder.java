package dev.gatehouse.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Binds the top-level {@code filters} section, a listener's chain ({@code listeners[].filters}) and
 * a route's {@code filter_overrides}. Each filter's settings are checked by its type through
 * {@link FilterTypes}; problems are reported at the settings' position with their path.
 */
final class FilterBinder {
    private final Diagnostics diagnostics;
    private final FilterTypes types;
    private final NameTable names;
    private final Map<String, String> typeByName = new HashMap<>();

    private final java.nio.file.Path baseDirectory;

    /** @param baseDirectory what relative file settings are relative to; null for the working directory */
    FilterBinder(Diagnostics diagnostics, FilterTypes types, java.nio.file.Path baseDirectory) {
        this.baseDirectory = baseDirectory;
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        this.types = Objects.requireNonNull(types, "types");
        this.names = new NameTable("filter", diagnostics);
    }

    List<FilterConfig> bindAll(List<MappingReader> items) {
        List<FilterConfig> filters = new ArrayList<>();
        for (MappingReader r : items) {
            int errors = diagnostics.errorCount();
            String name = r.requiredString("name");
            if (name != null) {
                names.declare(name, r.positionOf("name"), r.pathOf("name"));
            }
            String type = r.requiredString("type");
            if (type != null && !types.names().contains(type)) {
                r.error("type", "unknown filter type '" + type + "'" + Spelling.didYouMean(type, types.names())
                        + (types.names().isEmpty() ? "" : "; known: " + String.join(", ", types.names().stream().sorted().toList())));
                type = null;
            }
            JsonNode config = settings(r, "config", type);
            r.finish();
            if (diagnostics.errorCount() == errors && name != null && type != null) {
                typeByName.put(name, type);
                filters.add(new FilterConfig(name, type, config));
            }
        }
        return filters;
    }

    /** A listener's chain: known filter names, each at most once. */
    List<String> chain(MappingReader listener) {
        List<String> chain = new ArrayList<>();
        for (MappingReader.Item item : listener.stringList("filters")) {
            if (chain.contains(item.value())) {
                diagnostics.error(item.position(), item.path(), "filter '" + item.value() + "' is listed twice");
            } else if (names.resolve(item.value(), item.position(), item.path())) {
                chain.add(item.value());
            }
        }
        return chain;
    }

    /** {@code filter_overrides: {name: {disabled: true} | {config: {...}}}}. */
    Map<String, FilterOverride> overrides(MappingReader route) {
        MappingReader r = route.optionalMapping("filter_overrides");
        Map<String, FilterOverride> overrides = new java.util.LinkedHashMap<>();
        if (r == null) {
            return overrides;
        }
        for (String name : r.keys()) {
            MappingReader one = r.optionalMapping(name);
            if (!names.resolve(name, r.positionOf(name), r.pathOf(name)) || one == null) {
                continue;
            }
            boolean disabled = one.optionalBoolean("disabled", false);
            JsonNode config = one.has("config") ? settings(one, "config", typeByName.get(name)) : null;
            if (disabled && config != null) {
                one.error("config", "a disabled filter takes no config");
            }
            if (!disabled && config == null) {
                one.error("an override needs disabled: true or a config");
            }
            one.finish();
            overrides.put(name, new FilterOverride(disabled, config));
        }
        r.finish();
        return overrides;
    }

    /** The free-form settings under {@code key} as a JSON tree, checked by the filter type. */
    private JsonNode settings(MappingReader r, String key, String type) {
        ConfigNode node = r.optionalNode(key);
        JsonNode tree;
        if (node == null) {
            tree = JsonNodeFactory.instance.objectNode(); // still checked: a type may require settings
        } else if (node instanceof ConfigNode.Mapping) {
            tree = toJson(node);
        } else {
            r.error(key, "expected a mapping of settings, got " + node.describe());
            return JsonNodeFactory.instance.objectNode();
        }
        if (type != null) {
            resolveFiles(tree, type);
            for (FilterTypes.Problem problem : types.validate(type, tree)) {
                String path = problem.path().isEmpty() ? r.pathOf(key) : r.pathOf(key) + "." + problem.path();
                diagnostics.error(r.positionOf(key), path, problem.message());
            }
        }
        return tree;
    }

    /** Makes the type's relative file settings absolute, against the config file's directory. */
    private void resolveFiles(JsonNode tree, String type) {
        for (String key : types.fileSettings(type)) {
            JsonNode value = tree.get(key);
            if (value == null || !value.isTextual() || value.asText().contains("://") || value.asText().isEmpty()) {
                continue;
            }
            try {
                java.nio.file.Path path = java.nio.file.Path.of(value.asText());
                if (!path.isAbsolute()) {
                    java.nio.file.Path base = baseDirectory != null ? baseDirectory : java.nio.file.Path.of("");
                    ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put(key,
                            base.resolve(path).toAbsolutePath().normalize().toString());
                }
            } catch (java.nio.file.InvalidPathException e) {
                // left as written: the type's validation reports it
            }
        }
    }

    /** One canonical node per integer value, so configs compare equal however they were read. */
    private static JsonNode integer(String text) {
        var value = new java.math.BigInteger(text);
        if (value.bitLength() < 32) {
            return JsonNodeFactory.instance.numberNode(value.intValue());
        }
        return value.bitLength() < 64 ? JsonNodeFactory.instance.numberNode(value.longValue())
                : JsonNodeFactory.instance.numberNode(value);
    }

    static JsonNode toJson(ConfigNode node) {
        var json = JsonNodeFactory.instance;
        if (node instanceof ConfigNode.Mapping m) {
            ObjectNode object = json.objectNode();
            m.entries().forEach((k, e) -> object.set(k, toJson(e.value())));
            return object;
        }
        if (node instanceof ConfigNode.Sequence s) {
            ArrayNode array = json.arrayNode();
            s.items().forEach(item -> array.add(toJson(item)));
            return array;
        }
        var scalar = (ConfigNode.Scalar) node;
        return switch (scalar.kind()) {
            case NULL -> json.nullNode();
            case BOOLEAN -> json.booleanNode((Boolean) scalar.value());
            case INTEGER -> integer(scalar.text());
            case DECIMAL -> json.numberNode(Double.parseDouble(scalar.text()));
            case STRING -> json.textNode(scalar.text());
        };
    }
}
