package dev.gatehouse.engine.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The declared names of one kind of thing (listeners, clusters, ...): checks their spelling and
 * uniqueness as they are declared and resolves references to them, suggesting near misses.
 */
final class NameTable {
    // Names appear in admin URLs, metrics labels and log lines, so they stay plain.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final String kind;
    private final Diagnostics diagnostics;
    private final Map<String, Position> declared = new LinkedHashMap<>();

    /** @param kind what the names name, as a message says it: "cluster", "demo backend" */
    NameTable(String kind, Diagnostics diagnostics) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
    }

    /**
     * Declares a name; reports (and returns false) if it is malformed or already taken. A
     * malformed name is still recorded, so references to it do not add "unknown" errors.
     */
    boolean declare(String name, Position at, String path) {
        Position first = declared.putIfAbsent(name, at);
        if (first != null) {
            diagnostics.error(at, path, "duplicate " + kind + " name '" + name + "' (first declared at line "
                    + first.line() + ")");
            return false;
        }
        if (!NAME.matcher(name).matches()) {
            diagnostics.error(at, path, "invalid " + kind + " name '" + name
                    + "': use letters, digits, '.', '_' and '-', starting with a letter or digit");
            return false;
        }
        return true;
    }

    /** Reports (and returns false) if no {@code name} was declared. */
    boolean resolve(String name, Position at, String path) {
        if (declared.containsKey(name)) {
            return true;
        }
        diagnostics.error(at, path, "unknown " + kind + " '" + name + "'" + Spelling.didYouMean(name, declared.keySet()));
        return false;
    }

    boolean contains(String name) {
        return declared.containsKey(name);
    }

    Set<String> names() {
        return declared.keySet();
    }
}
