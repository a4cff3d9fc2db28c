package dev.gatehouse.views.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * Style classes for YAML text: keys, strings, numbers, comments, and the spans that config problems
 * point at. Pure text work with no toolkit, so editors compute it off the FX thread.
 */
public final class YamlHighlighting {
    public static final String KEY = "yaml-key";
    public static final String STRING = "yaml-string";
    public static final String NUMBER = "yaml-number";
    public static final String COMMENT = "yaml-comment";
    public static final String ERROR = "yaml-error";
    public static final String WARNING = "yaml-warning";

    private static final Pattern TOKENS = Pattern.compile(
            "(?<COMMENT>(?:^|(?<=\\s))#[^\\n]*)"
                    + "|(?<STRING>\"(?:[^\"\\\\\\n]|\\\\.)*\"|'[^'\\n]*')"
                    + "|(?<KEY>[A-Za-z_][\\w.\\-]*(?=[ \\t]*:(?:\\s|$)))"
                    + "|(?<NUMBER>(?<![\\w./:\\-])-?\\d+(?:\\.\\d+)?(?![\\w./:]))",
            Pattern.MULTILINE);

    private YamlHighlighting() {
    }

    /** Syntax styles for the whole text, with problem spans laid over them. */
    public static StyleSpans<Collection<String>> compute(String text, List<TextProblem> problems) {
        List<Span> spans = new ArrayList<>();
        Matcher m = TOKENS.matcher(text);
        while (m.find()) {
            String style = m.group("COMMENT") != null ? COMMENT
                    : m.group("STRING") != null ? STRING
                    : m.group("KEY") != null ? KEY
                    : NUMBER;
            spans.add(new Span(m.start(), m.end(), style));
        }
        for (TextProblem p : problems) {
            int[] range = problemRange(text, p);
            if (range != null) {
                spans.add(new Span(range[0], range[1], p.warning() ? WARNING : ERROR));
            }
        }
        return build(text.length(), spans);
    }

    /**
     * The characters a problem points at: from its column to the end of that word (or one character
     * on an empty spot), clipped to its line; null when it has no position in this text.
     */
    public static int[] problemRange(String text, TextProblem p) {
        int lineStart = lineStart(text, p.line());
        if (lineStart < 0) {
            return null;
        }
        int lineEnd = text.indexOf('\n', lineStart);
        if (lineEnd < 0) {
            lineEnd = text.length();
        }
        int start = Math.min(lineStart + Math.max(p.column() - 1, 0), lineEnd);
        int end = start;
        while (end < lineEnd && !Character.isWhitespace(text.charAt(end)) && ",}]".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        if (end == start) {
            if (start < lineEnd) {
                end = start + 1;
            } else if (start > lineStart) {
                start--;
            } else {
                return null;
            }
        }
        return new int[] {start, Math.max(end, start + 1)};
    }

    /** The offset at which 1-based {@code line} starts, or -1 when the text has no such line. */
    static int lineStart(String text, int line) {
        if (line < 1) {
            return -1;
        }
        int offset = 0;
        for (int i = 1; i < line; i++) {
            int nl = text.indexOf('\n', offset);
            if (nl < 0) {
                return -1;
            }
            offset = nl + 1;
        }
        return offset;
    }

    private record Span(int start, int end, String style) {
    }

    /**
     * Flattens possibly overlapping spans into consecutive runs, each carrying every style over it: a
     * sweep over the cut points with the spans that cover the current run, so it stays linear-ish
     * (tokens never overlap each other; only the few problem spans lie over them).
     */
    private static StyleSpans<Collection<String>> build(int length, List<Span> spans) {
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, length));
        for (Span s : spans) {
            cuts.add(Math.min(s.start, length));
            cuts.add(Math.min(s.end, length));
        }
        spans.sort(Comparator.comparingInt(Span::start));
        var builder = new StyleSpansBuilder<Collection<String>>();
        List<Span> covering = new ArrayList<>();
        int next = 0;
        Integer from = cuts.first();
        for (Integer to : cuts.tailSet(from, false)) {
            while (next < spans.size() && spans.get(next).start <= from) {
                covering.add(spans.get(next++));
            }
            final int runStart = from;
            covering.removeIf(s -> s.end <= runStart);
            Set<String> styles = new TreeSet<>();
            for (Span s : covering) {
                styles.add(s.style);
            }
            builder.add(styles, to - from);
            from = to;
        }
        if (length == 0) {
            builder.add(Set.of(), 0);
        }
        return builder.create();
    }
}
