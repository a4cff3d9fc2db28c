package dev.gatehouse.views.config;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.gatehouse.engine.config.ConfigExporter;
import dev.gatehouse.engine.config.GatewayConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A unified line diff between two configs' canonical YAML, so formatting and comments never show
 * as changes: what "Apply" will change in the running config.
 */
public final class ConfigDiff {
    private static final int CONTEXT_LINES = 3;

    private final List<Line> lines;

    private ConfigDiff(List<Line> lines) {
        this.lines = List.copyOf(lines);
    }

    /** One line of a unified diff. */
    public record Line(Kind kind, String text) {
        public Line {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public enum Kind { HEADER, HUNK, CONTEXT, ADDED, REMOVED }

    public static ConfigDiff between(GatewayConfig running, GatewayConfig edited) {
        return between(ConfigExporter.toYaml(running), ConfigExporter.toYaml(edited));
    }

    /** The diff from {@code before} to {@code after}, both whole texts. */
    public static ConfigDiff between(String before, String after) {
        List<String> old = before.lines().toList();
        List<String> now = after.lines().toList();
        Patch<String> patch = DiffUtils.diff(old, now);
        if (patch.getDeltas().isEmpty()) {
            return new ConfigDiff(List.of());
        }
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("running", "edited", old, patch, CONTEXT_LINES);
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < unified.size(); i++) {
            String text = unified.get(i);
            lines.add(new Line(kindOf(text, i), text));
        }
        return new ConfigDiff(lines);
    }

    public List<Line> lines() {
        return lines;
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    public long added() {
        return lines.stream().filter(l -> l.kind() == Kind.ADDED).count();
    }

    public long removed() {
        return lines.stream().filter(l -> l.kind() == Kind.REMOVED).count();
    }

    @Override
    public String toString() {
        return String.join("\n", lines.stream().map(Line::text).toList());
    }

    private static Kind kindOf(String text, int index) {
        if (index < 2 && (text.startsWith("---") || text.startsWith("+++"))) {
            return Kind.HEADER;
        }
        if (text.startsWith("@@")) {
            return Kind.HUNK;
        }
        if (text.startsWith("+")) {
            return Kind.ADDED;
        }
        if (text.startsWith("-")) {
            return Kind.REMOVED;
        }
        return Kind.CONTEXT;
    }
}
