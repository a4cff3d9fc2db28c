package dev.gatehouse.engine.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Collects the errors and warnings of one load, so reading can go on past the first problem and
 * report them all. Results come out in document order, whatever order the checks ran in.
 */
final class Diagnostics {
    private static final Comparator<Position> DOCUMENT_ORDER =
            Comparator.comparingInt(Position::line).thenComparingInt(Position::column);

    private final String source;
    private final List<Located<ConfigError>> errors = new ArrayList<>();
    private final List<Located<ConfigWarning>> warnings = new ArrayList<>();

    Diagnostics(String source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    void error(Position at, String path, String message) {
        errors.add(new Located<>(at, new ConfigError(source, at.line(), at.column(), path, message)));
    }

    void warning(Position at, String path, String message) {
        warnings.add(new Located<>(at, new ConfigWarning(source, at.line(), at.column(), path, message)));
    }

    /** Binders compare counts before and after reading an item to know whether the item is sound. */
    int errorCount() {
        return errors.size();
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<ConfigError> errors() {
        return inDocumentOrder(errors);
    }

    List<ConfigWarning> warnings() {
        return inDocumentOrder(warnings);
    }

    private static <T> List<T> inDocumentOrder(List<Located<T>> problems) {
        // A stable sort keeps problems at the same position in the order they were found.
        return problems.stream()
                .sorted(Comparator.comparing(Located::position, DOCUMENT_ORDER))
                .map(Located::problem)
                .toList();
    }

    private record Located<T>(Position position, T problem) {
    }
}
