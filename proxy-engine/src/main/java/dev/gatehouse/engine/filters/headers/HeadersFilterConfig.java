package dev.gatehouse.engine.filters.headers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.engine.config.HeaderMutations;
import dev.gatehouse.engine.filter.HttpFilterProvider.ConfigProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filter's settings: {@code request} and {@code response}, each with {@code remove} (a list),
 * {@code set} and {@code add} (maps of name to value), applied in that order.
 */
record HeadersFilterConfig(HeaderMutations request, HeaderMutations response) {

    /** Reads the settings, adding every problem found to {@code problems}. */
    static HeadersFilterConfig read(JsonNode config, List<ConfigProblem> problems) {
        expectOnly(config, "", List.of("request", "response"), problems);
        return new HeadersFilterConfig(side(config.get("request"), "request", problems),
                side(config.get("response"), "response", problems));
    }

    private static HeaderMutations side(JsonNode node, String path, List<ConfigProblem> problems) {
        if (node == null || node.isNull()) {
            return HeaderMutations.NONE;
        }
        if (!node.isObject()) {
            problems.add(new ConfigProblem(path, "expected a mapping with remove, set and add"));
            return HeaderMutations.NONE;
        }
        expectOnly(node, path + ".", List.of("remove", "set", "add"), problems);
        List<String> remove = new ArrayList<>();
        JsonNode removeNode = node.get("remove");
        if (removeNode != null) {
            if (!removeNode.isArray()) {
                problems.add(new ConfigProblem(path + ".remove", "expected a list of header names"));
            } else {
                removeNode.forEach(n -> remove.add(headerName(n, path + ".remove", problems)));
            }
        }
        return new HeaderMutations(remove, values(node.get("set"), path + ".set", problems),
                values(node.get("add"), path + ".add", problems));
    }

    private static Map<String, String> values(JsonNode node, String path, List<ConfigProblem> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node == null) {
            return values;
        }
        if (!node.isObject()) {
            problems.add(new ConfigProblem(path, "expected a mapping of header name to value"));
            return values;
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                problems.add(new ConfigProblem(path + "." + e.getKey(), "expected a header value"));
            } else if (e.getValue().asText().indexOf('\r') >= 0 || e.getValue().asText().indexOf('\n') >= 0) {
                problems.add(new ConfigProblem(path + "." + e.getKey(), "header values cannot contain line breaks"));
            } else {
                values.put(headerName(new com.fasterxml.jackson.databind.node.TextNode(e.getKey()), path, problems),
                        e.getValue().asText());
            }
        });
        return values;
    }

    private static String headerName(JsonNode node, String path, List<ConfigProblem> problems) {
        String name = node.asText();
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            problems.add(new ConfigProblem(path, "'" + name + "' is not a valid header name"));
        }
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    private static void expectOnly(JsonNode node, String prefix, List<String> known, List<ConfigProblem> problems) {
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                problems.add(new ConfigProblem(prefix + key, "unknown field '" + key + "'; expected one of "
                        + String.join(", ", known)));
            }
        });
    }
}
