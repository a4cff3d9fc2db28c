package dev.gatehouse.engine.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML or JSON text into a {@link ConfigNode} tree, walking the parser's tokens once and
 * keeping each token's start position. Problems of the text itself (syntax, duplicate keys,
 * aliases, several documents, unresolvable placeholders) are reported here; meaning is checked
 * later by the binders.
 */
final class ConfigTree {
    // Only true/false are booleans: "no" for a country code or "on" as a value stays a string (YAML 1.2).
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build();
    private static final JsonFactory JSON = new JsonFactory();

    private final Diagnostics diagnostics;
    private final EnvironmentPlaceholders placeholders;

    ConfigTree(Diagnostics diagnostics, EnvironmentPlaceholders placeholders) {
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        this.placeholders = Objects.requireNonNull(placeholders, "placeholders");
    }

    /**
     * Parses one document. An empty document is an empty mapping. Returns null after reporting a
     * syntax error, since nothing after it can be trusted.
     */
    ConfigNode parse(String text, String sourceName) {
        try (JsonParser parser = factoryFor(text, sourceName).createParser(text)) {
            if (parser.nextToken() == null) {
                return new ConfigNode.Mapping(new Position(1, 1), Map.of());
            }
            ConfigNode root = read(parser, "");
            if (parser.nextToken() != null) {
                diagnostics.error(start(parser), "", parser instanceof YAMLParser
                        ? "only one YAML document is allowed; remove the '---' separator"
                        : "only one JSON value is allowed");
            }
            return root;
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException yamlError) {
                reportYamlSyntax(yamlError, e);
            } else {
                diagnostics.error(located(e), "", "syntax error: " + e.getOriginalMessage());
            }
        } catch (IOException e) {
            diagnostics.error(Position.NONE, "", "cannot read the document: " + e.getMessage());
        }
        return null;
    }

    /**
     * SnakeYAML rejects tabs even where JSON allows them, so text that is evidently JSON (a .json
     * name, or an object whose first key is quoted) goes to the strict JSON parser, which also gives
     * JSON-shaped error messages.
     */
    private static JsonFactory factoryFor(String text, String sourceName) {
        if (sourceName.toLowerCase(Locale.ROOT).endsWith(".json")) {
            return JSON;
        }
        String head = text.stripLeading();
        if (head.startsWith("{")) {
            String afterBrace = head.substring(1).stripLeading();
            if (afterBrace.startsWith("\"") || afterBrace.startsWith("}")) {
                return JSON;
            }
        }
        return YAML;
    }

    private ConfigNode read(JsonParser parser, String path) throws IOException {
        Position at = start(parser);
        JsonToken token = parser.currentToken();
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            diagnostics.error(at, path, "YAML aliases (*" + parser.getText() + ") are not supported; repeat the value");
        }
        return switch (token) {
            case START_OBJECT -> readMapping(parser, at, path);
            case START_ARRAY -> readSequence(parser, at, path);
            case VALUE_STRING -> readString(parser, at, path);
            case VALUE_NUMBER_INT -> new ConfigNode.Scalar(at, ConfigNode.Kind.INTEGER, parser.getText(),
                    parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> new ConfigNode.Scalar(at, ConfigNode.Kind.DECIMAL, parser.getText(),
                    parser.getDoubleValue());
            case VALUE_TRUE, VALUE_FALSE -> new ConfigNode.Scalar(at, ConfigNode.Kind.BOOLEAN, parser.getText(),
                    token == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> new ConfigNode.Scalar(at, ConfigNode.Kind.NULL, "", null);
            default -> throw new IllegalStateException("unexpected token " + token + " at " + at);
        };
    }

    private ConfigNode readMapping(JsonParser parser, Position at, String path) throws IOException {
        Map<String, ConfigNode.Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Position keyPosition = start(parser);
            parser.nextToken();
            ConfigNode value = read(parser, ConfigPath.field(path, key));
            ConfigNode.Entry first = entries.get(key);
            if (first != null) {
                diagnostics.error(keyPosition, ConfigPath.field(path, key), "duplicate key '" + key + "' (first at line "
                        + first.keyPosition().line() + ")");
            } else {
                entries.put(key, new ConfigNode.Entry(key, keyPosition, value));
            }
        }
        return new ConfigNode.Mapping(at, entries);
    }

    private ConfigNode readSequence(JsonParser parser, Position at, String path) throws IOException {
        List<ConfigNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(read(parser, ConfigPath.index(path, items.size())));
        }
        return new ConfigNode.Sequence(at, items);
    }

    private ConfigNode readString(JsonParser parser, Position at, String path) throws IOException {
        String text = parser.getText();
        try {
            text = placeholders.resolve(text);
        } catch (IllegalArgumentException e) {
            diagnostics.error(at, path, e.getMessage());
        }
        return new ConfigNode.Scalar(at, ConfigNode.Kind.STRING, text, text);
    }

    private void reportYamlSyntax(MarkedYAMLException e, JsonProcessingException wrapper) {
        // SnakeYAML says where the problem was found and, separately, where the construct began;
        // Jackson's own location for these is the parser's, which can be lines away.
        Mark problem = e.getProblemMark();
        Position at = problem != null ? new Position(problem.getLine() + 1, problem.getColumn() + 1) : located(wrapper);
        String message = e.getProblem() != null ? e.getProblem() : wrapper.getOriginalMessage();
        Mark context = e.getContextMark();
        if (e.getContext() != null && context != null) {
            message = e.getContext() + " (line " + (context.getLine() + 1) + ", column " + (context.getColumn() + 1)
                    + "): " + message;
        }
        // SnakeYAML's wording is about its parser states; the usual cause is indentation.
        if (message.contains("<block end>") || message.contains("mapping values are not allowed here")) {
            message += " (check the indentation)";
        }
        diagnostics.error(at, "", "YAML syntax error: " + message);
    }

    private static Position located(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null ? Position.NONE : new Position(location.getLineNr(), location.getColumnNr());
    }

    private static Position start(JsonParser parser) {
        JsonLocation location = parser.currentTokenLocation();
        return new Position(location.getLineNr(), location.getColumnNr());
    }
}
