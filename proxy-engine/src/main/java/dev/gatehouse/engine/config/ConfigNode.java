package dev.gatehouse.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config document as a tree that remembers where each node started. Jackson's own tree drops
 * locations, and every error we report needs one, so the parser's tokens are read into this.
 */
sealed interface ConfigNode {

    Position position();

    /** How the node reads in an error message: "a list", "a mapping", "'abc'", "42". */
    String describe();

    /** Keys in document order; each key keeps its own position for "unknown field" errors. */
    record Mapping(Position position, Map<String, Entry> entries) implements ConfigNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Entry(String key, Position keyPosition, ConfigNode value) {
    }

    record Sequence(Position position, List<ConfigNode> items) implements ConfigNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A leaf value. {@code text} is the scalar as written (after environment placeholders were
     * resolved, for strings); {@code value} is the typed value for numbers and booleans.
     */
    record Scalar(Position position, Kind kind, String text, Object value) implements ConfigNode {
        @Override
        public String describe() {
            return switch (kind) {
                case NULL -> "nothing";
                case STRING -> "'" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "'";
                default -> text;
            };
        }
    }

    enum Kind {
        STRING,
        INTEGER,
        DECIMAL,
        BOOLEAN,
        NULL
    }
}
