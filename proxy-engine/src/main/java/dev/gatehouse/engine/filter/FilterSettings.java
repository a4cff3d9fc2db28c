package dev.gatehouse.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.engine.config.DurationSyntax;
import dev.gatehouse.engine.filter.HttpFilterProvider.ConfigProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Typed reading of one filter's settings for its provider: each accessor records a problem (with the
 * setting's path) and returns the fallback, so {@link HttpFilterProvider#validate} reports every
 * problem at once and {@link HttpFilterProvider#factory} can read the same way without checks.
 */
public final class FilterSettings {
    private static final String SEPARATORS = "()<>@,;:\\\"/[]?={}";

    private final JsonNode config;
    private final List<ConfigProblem> problems = new ArrayList<>();

    /** Reads {@code config}, which must be a mapping, and reports any field not in {@code known}. */
    public FilterSettings(JsonNode config, Set<String> known) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(known, "known");
        config.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                problems.add(new ConfigProblem(key, "unknown field '" + key + "'; expected one of "
                        + String.join(", ", known.stream().sorted().toList())));
            }
        });
    }

    /** Everything found wrong so far. */
    public List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    /** A non-empty string, or the fallback when absent. */
    public String string(String key, String fallback) {
        JsonNode node = config.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isValueNode() || node.asText().isEmpty()) {
            problems.add(new ConfigProblem(key, "expected a non-empty string"));
            return fallback;
        }
        return node.asText();
    }

    /** A header name (an HTTP token), lower-cased as HTTP/2 sends it; the fallback when absent. */
    public String headerName(String key, String fallback) {
        String name = string(key, null);
        if (name == null) {
            return fallback;
        }
        if (!isToken(name)) {
            problems.add(new ConfigProblem(key, "'" + name + "' is not a valid header name"));
            return fallback;
        }
        return name.toLowerCase(Locale.ROOT);
    }

    public boolean bool(String key, boolean fallback) {
        JsonNode node = config.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            problems.add(new ConfigProblem(key, "expected true or false"));
            return fallback;
        }
        return node.booleanValue();
    }

    /** A whole number in [min, max]; the fallback when absent. */
    public long integer(String key, long fallback, long min, long max) {
        JsonNode node = config.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            problems.add(new ConfigProblem(key, "expected a whole number from " + min + " to " + max));
            return fallback;
        }
        return node.longValue();
    }

    /** A duration in the config's syntax ({@code 250ms}, {@code 2s}); the fallback when absent. */
    public Duration duration(String key, Duration fallback) {
        String text = string(key, null);
        if (text == null) {
            return fallback;
        }
        try {
            return DurationSyntax.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(key, e.getMessage()));
            return fallback;
        }
    }

    /** A list of non-empty strings; the fallback when absent. */
    public List<String> strings(String key, List<String> fallback) {
        JsonNode node = config.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isArray()) {
            problems.add(new ConfigProblem(key, "expected a list of strings"));
            return fallback;
        }
        List<String> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isValueNode() || item.isNull() || item.asText().isEmpty()) {
                problems.add(new ConfigProblem(key + "[" + i + "]", "expected a non-empty string"));
            } else {
                values.add(item.asText());
            }
        }
        return values;
    }

    /** Records a problem the caller found itself, e.g. two settings that contradict each other. */
    public void problem(String path, String message) {
        problems.add(new ConfigProblem(path, message));
    }

    /** True for an HTTP token (RFC 9110), the syntax of header names and methods. */
    public static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c > 0x20 && c < 0x7f && SEPARATORS.indexOf(c) < 0);
    }
}
