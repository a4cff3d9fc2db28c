package dev.gatehouse.engine.config;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Typed, located access to one mapping of the config tree. Each accessor reports a problem to the
 * {@link Diagnostics} (with the value's line, column and path) and returns null, or the fallback
 * for optional values, so binding goes on and finds every error in one pass. Every key asked for
 * becomes a known field; {@link #finish()} reports the rest as unknown.
 */
final class MappingReader {
    private final ConfigNode.Mapping mapping;
    private final String path;
    private final int index;
    private final Diagnostics diagnostics;
    private final Set<String> known = new LinkedHashSet<>();

    private MappingReader(ConfigNode.Mapping mapping, String path, int index, Diagnostics diagnostics) {
        this.mapping = mapping;
        this.path = path;
        this.index = index;
        this.diagnostics = diagnostics;
    }

    /** A reader over {@code node}, or null (reported) if it is not a mapping. */
    static MappingReader of(ConfigNode node, String path, Diagnostics diagnostics) {
        return of(node, path, -1, diagnostics);
    }

    private static MappingReader of(ConfigNode node, String path, int index, Diagnostics diagnostics) {
        Objects.requireNonNull(diagnostics, "diagnostics");
        if (node instanceof ConfigNode.Mapping m) {
            return new MappingReader(m, path, index, diagnostics);
        }
        diagnostics.error(node.position(), path, "expected a mapping, got " + node.describe());
        return null;
    }

    /** The words of a choice, in the order messages list them. */
    static Map<String, String> choicesOf(List<String> words) {
        Map<String, String> choices = new LinkedHashMap<>();
        words.forEach(w -> choices.put(w, w));
        return choices;
    }

    /** An enum's constants by their lower-case names, as config writes them. */
    static <E extends Enum<E>> Map<String, E> choicesOf(Class<E> type) {
        Map<String, E> choices = new LinkedHashMap<>();
        for (E constant : type.getEnumConstants()) {
            choices.put(constant.name().toLowerCase(Locale.ROOT), constant);
        }
        return choices;
    }

    String path() {
        return path;
    }

    Position position() {
        return mapping.position();
    }

    /** Where this mapping sits in its list, or -1 if it is not a list item. */
    int index() {
        return index;
    }

    Diagnostics diagnostics() {
        return diagnostics;
    }

    String pathOf(String key) {
        return ConfigPath.field(path, key);
    }

    /** Where the key's value starts, or where the mapping starts if the key is absent. */
    Position positionOf(String key) {
        ConfigNode.Entry entry = mapping.entries().get(key);
        return entry != null ? entry.value().position() : mapping.position();
    }

    /** True if the key is present with a non-null value. */
    boolean has(String key) {
        return value(key) != null;
    }

    // ---- scalars

    String requiredString(String key) {
        ConfigNode node = required(key);
        return node == null ? null : text(key, node, false);
    }

    /** A non-empty string. */
    String optionalString(String key, String fallback) {
        ConfigNode node = value(key);
        return node == null ? fallback : orElse(text(key, node, false), fallback);
    }

    /** A string that may be empty (bodies, header values). */
    String optionalText(String key, String fallback) {
        ConfigNode node = value(key);
        return node == null ? fallback : orElse(text(key, node, true), fallback);
    }

    Integer requiredInt(String key, int min, int max) {
        ConfigNode node = required(key);
        return node == null ? null : integer(key, node, min, max);
    }

    int optionalInt(String key, int fallback, int min, int max) {
        ConfigNode node = value(key);
        return node == null ? fallback : orElse(integer(key, node, min, max), fallback);
    }

    /** Null when absent: for values whose absence means "keep what the request has". */
    Integer optionalInteger(String key, int min, int max) {
        ConfigNode node = value(key);
        return node == null ? null : integer(key, node, min, max);
    }

    /** A number in (0, max]. */
    double optionalPositiveDecimal(String key, double fallback, int max) {
        ConfigNode node = value(key);
        if (node == null) {
            return fallback;
        }
        if (node instanceof ConfigNode.Scalar s && (s.kind() == ConfigNode.Kind.INTEGER || s.kind() == ConfigNode.Kind.DECIMAL)) {
            double number = ((Number) s.value()).doubleValue();
            if (number > 0 && number <= max) {
                return number;
            }
            error(key, "must be greater than 0 and at most " + max + ", got " + s.text());
            return fallback;
        }
        typeError(key, node, "a number");
        return fallback;
    }

    /** A number in [min, max]. */
    double optionalDecimal(String key, double fallback, double min, double max) {
        ConfigNode node = value(key);
        if (node == null) {
            return fallback;
        }
        if (node instanceof ConfigNode.Scalar s && (s.kind() == ConfigNode.Kind.INTEGER || s.kind() == ConfigNode.Kind.DECIMAL)) {
            double number = ((Number) s.value()).doubleValue();
            if (number >= min && number <= max) {
                return number;
            }
            error(key, "must be between " + plain(min) + " and " + plain(max) + ", got " + s.text());
            return fallback;
        }
        typeError(key, node, "a number");
        return fallback;
    }

    private static String plain(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }

    boolean optionalBoolean(String key, boolean fallback) {
        ConfigNode node = value(key);
        if (node == null) {
            return fallback;
        }
        if (node instanceof ConfigNode.Scalar s && s.kind() == ConfigNode.Kind.BOOLEAN) {
            return (Boolean) s.value();
        }
        typeError(key, node, "true or false");
        return fallback;
    }

    /** A duration of zero or more. */
    Duration optionalDuration(String key, Duration fallback) {
        ConfigNode node = value(key);
        return node == null ? fallback : orElse(duration(key, node), fallback);
    }

    /** A duration greater than zero. */
    Duration optionalPositiveDuration(String key, Duration fallback) {
        Duration duration = optionalDuration(key, fallback);
        if (has(key) && duration.isZero()) {
            error(key, "must be greater than 0");
        }
        return duration;
    }

    /** A positive byte size: a number of bytes or e.g. 64KiB. */
    int optionalSize(String key, int fallback) {
        ConfigNode node = value(key);
        if (node == null) {
            return fallback;
        }
        long bytes;
        if (node instanceof ConfigNode.Scalar s && s.kind() == ConfigNode.Kind.INTEGER) {
            bytes = ((BigInteger) s.value()).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        } else if (node instanceof ConfigNode.Scalar s && s.kind() == ConfigNode.Kind.STRING) {
            try {
                bytes = SizeSyntax.parse(s.text());
            } catch (IllegalArgumentException e) {
                error(key, e.getMessage());
                return fallback;
            }
        } else {
            typeError(key, node, "a size such as 8192 or 64KiB");
            return fallback;
        }
        if (bytes < 1 || bytes > Integer.MAX_VALUE) {
            error(key, "must be between 1 byte and " + SizeSyntax.format(Integer.MAX_VALUE) + " bytes");
            return fallback;
        }
        return (int) bytes;
    }

    /** An RE2 pattern, checked by compiling it; null when absent. */
    String optionalRegex(String key) {
        String regex = optionalString(key, null);
        if (regex != null) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                error(key, "invalid regex: " + e.getMessage());
                return null;
            }
        }
        return regex;
    }

    /** A URL path, which must start with '/'; null when absent. */
    String optionalUrlPath(String key) {
        String value = optionalString(key, null);
        if (value != null && !value.startsWith("/")) {
            error(key, "must start with '/', got '" + value + "'");
            return null;
        }
        return value;
    }

    /** A header name, lower-cased as HTTP/2 sends it. */
    String requiredHeaderName(String key) {
        String name = requiredString(key);
        return name == null ? null : headerName(key, name);
    }

    String optionalHeaderName(String key) {
        String name = optionalString(key, null);
        return name == null ? null : headerName(key, name);
    }

    HostPort requiredAddress(String key) {
        ConfigNode node = required(key);
        return node == null ? null : address(key, node);
    }

    HostPort optionalAddress(String key, HostPort fallback) {
        ConfigNode node = value(key);
        return node == null ? fallback : orElse(address(key, node), fallback);
    }

    /** One of a fixed set of words, e.g. an lb policy; a near miss gets a suggestion. */
    <T> T requiredChoice(String key, Map<String, T> choices) {
        ConfigNode node = required(key);
        return node == null ? null : choice(key, node, choices);
    }

    <T> T optionalChoice(String key, Map<String, T> choices, T fallback) {
        ConfigNode node = value(key);
        return node == null ? fallback : orElse(choice(key, node, choices), fallback);
    }

    // ---- structure

    MappingReader requiredMapping(String key) {
        ConfigNode node = required(key);
        return node == null ? null : of(node, pathOf(key), diagnostics);
    }

    /** The keys written in this mapping, in file order. */
    java.util.Set<String> keys() {
        return mapping.entries().keySet();
    }

    /** The raw node under {@code key}, for free-form settings; null when absent. */
    ConfigNode optionalNode(String key) {
        return value(key);
    }

    /** Null when absent (or not a mapping, which is reported). */
    MappingReader optionalMapping(String key) {
        ConfigNode node = value(key);
        return node == null ? null : of(node, pathOf(key), diagnostics);
    }

    /** The mappings of a list; empty when absent. Items that are not mappings are reported and skipped. */
    List<MappingReader> mappingList(String key) {
        List<ConfigNode> items = sequence(key);
        List<MappingReader> readers = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            MappingReader item = of(items.get(i), ConfigPath.index(pathOf(key), i), i, diagnostics);
            if (item != null) {
                readers.add(item);
            }
        }
        return readers;
    }

    /** The non-empty strings of a list, each with its position; empty when absent. */
    List<Item> stringList(String key) {
        List<ConfigNode> items = sequence(key);
        List<Item> strings = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            ConfigNode item = items.get(i);
            String itemPath = ConfigPath.index(pathOf(key), i);
            if (item instanceof ConfigNode.Scalar s && s.kind() != ConfigNode.Kind.NULL && !s.text().isEmpty()) {
                strings.add(new Item(s.text(), s.position(), itemPath));
            } else {
                diagnostics.error(item.position(), itemPath, "expected a non-empty string, got " + item.describe());
            }
        }
        return strings;
    }

    /** A free-form mapping of strings to strings (values may be empty); empty when absent. */
    List<Pair> stringMap(String key) {
        ConfigNode node = value(key);
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof ConfigNode.Mapping m)) {
            typeError(key, node, "a mapping");
            return List.of();
        }
        List<Pair> pairs = new ArrayList<>(m.entries().size());
        for (ConfigNode.Entry entry : m.entries().values()) {
            String entryPath = ConfigPath.field(pathOf(key), entry.key());
            if (entry.value() instanceof ConfigNode.Scalar s && s.kind() != ConfigNode.Kind.NULL) {
                pairs.add(new Pair(entry.key(), entry.keyPosition(), s.text(), entryPath));
            } else {
                diagnostics.error(entry.value().position(), entryPath, "expected a string (write '' for an empty one), got "
                        + entry.value().describe());
            }
        }
        return pairs;
    }

    /**
     * Checks that exactly one of the keys is present and returns it; otherwise reports and
     * returns null. {@code what} names the choice in the message: "an action".
     */
    String exactlyOne(String what, String... keys) {
        List<String> present = Arrays.stream(keys).filter(this::has).toList();
        if (present.size() == 1) {
            return present.get(0);
        }
        String options = String.join(", ", keys);
        if (present.isEmpty()) {
            error("needs " + what + ": one of " + options);
        } else {
            String extra = present.get(1);
            diagnostics.error(keyPositionOf(extra), pathOf(extra), "'" + extra + "' cannot be combined with '"
                    + present.get(0) + "'; set exactly one of " + options);
        }
        return null;
    }

    /** Reports every key that no accessor asked for, with a suggestion when one is close. */
    void finish() {
        for (ConfigNode.Entry entry : mapping.entries().values()) {
            if (!known.contains(entry.key())) {
                String suggestion = Spelling.didYouMean(entry.key(), known);
                diagnostics.error(entry.keyPosition(), pathOf(entry.key()), "unknown field '" + entry.key() + "'"
                        + (suggestion.isEmpty() ? "; expected one of " + String.join(", ", known) : suggestion));
            }
        }
    }

    /** Reports a problem with the key's value. */
    void error(String key, String message) {
        diagnostics.error(positionOf(key), pathOf(key), message);
    }

    /** Reports a problem with the mapping as a whole. */
    void error(String message) {
        diagnostics.error(mapping.position(), path, message);
    }

    void warning(String key, String message) {
        diagnostics.warning(positionOf(key), pathOf(key), message);
    }

    // ---- internals

    /** The key's value, or null when absent or written as null; marks the key as known. */
    private ConfigNode value(String key) {
        known.add(key);
        ConfigNode.Entry entry = mapping.entries().get(key);
        if (entry == null || entry.value() instanceof ConfigNode.Scalar s && s.kind() == ConfigNode.Kind.NULL) {
            return null;
        }
        return entry.value();
    }

    private ConfigNode required(String key) {
        ConfigNode node = value(key);
        if (node == null) {
            diagnostics.error(positionOf(key), pathOf(key), "missing required field '" + key + "'");
        }
        return node;
    }

    private Position keyPositionOf(String key) {
        ConfigNode.Entry entry = mapping.entries().get(key);
        return entry != null ? entry.keyPosition() : mapping.position();
    }

    private List<ConfigNode> sequence(String key) {
        ConfigNode node = value(key);
        if (node == null) {
            return List.of();
        }
        if (node instanceof ConfigNode.Sequence s) {
            return s.items();
        }
        typeError(key, node, "a list");
        return List.of();
    }

    private String text(String key, ConfigNode node, boolean emptyAllowed) {
        if (node instanceof ConfigNode.Scalar s) {
            if (s.text().isEmpty() && !emptyAllowed) {
                error(key, "must not be empty");
                return null;
            }
            return s.text();
        }
        typeError(key, node, "a string");
        return null;
    }

    private Integer integer(String key, ConfigNode node, int min, int max) {
        if (node instanceof ConfigNode.Scalar s && s.kind() == ConfigNode.Kind.INTEGER) {
            BigInteger number = (BigInteger) s.value();
            if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
                error(key, "must be between " + min + " and " + max + ", got " + number);
                return null;
            }
            return number.intValue();
        }
        typeError(key, node, "an integer");
        return null;
    }

    private Duration duration(String key, ConfigNode node) {
        if (node instanceof ConfigNode.Scalar s && s.kind() == ConfigNode.Kind.INTEGER) {
            if (((BigInteger) s.value()).signum() == 0) {
                return Duration.ZERO;
            }
            error(key, "a duration needs a unit, e.g. " + s.text() + "s or " + s.text() + "ms");
            return null;
        }
        if (node instanceof ConfigNode.Scalar s && s.kind() == ConfigNode.Kind.STRING) {
            try {
                return DurationSyntax.parse(s.text());
            } catch (IllegalArgumentException e) {
                error(key, e.getMessage());
                return null;
            }
        }
        typeError(key, node, "a duration such as 250ms or 15s");
        return null;
    }

    private String headerName(String key, String name) {
        if (!HttpToken.isToken(name)) {
            error(key, "invalid header name '" + name + "'");
            return null;
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private HostPort address(String key, ConfigNode node) {
        String text = text(key, node, false);
        if (text == null) {
            return null;
        }
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return null;
        }
    }

    private <T> T choice(String key, ConfigNode node, Map<String, T> choices) {
        String text = text(key, node, false);
        if (text == null) {
            return null;
        }
        T chosen = choices.get(text);
        if (chosen == null) {
            error(key, "expected one of " + String.join(", ", choices.keySet()) + ", got '" + text + "'"
                    + Spelling.didYouMean(text, choices.keySet()));
        }
        return chosen;
    }

    private void typeError(String key, ConfigNode node, String expected) {
        diagnostics.error(node.position(), pathOf(key), "expected " + expected + ", got " + node.describe());
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** A string from a list, with where it was written. */
    record Item(String value, Position position, String path) {
    }

    /** One entry of a free-form string mapping; the position is the key's. */
    record Pair(String key, Position keyPosition, String value, String path) {
    }
}
