package dev.gatehouse.views.traces;

import dev.gatehouse.views.engine.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A filter-bar expression parsed into a predicate over traces. Terms are separated by spaces and all
 * must hold: {@code status>=400 route=api method=POST consumer=free-user-123 latency>50ms}.
 *
 * <ul>
 *   <li>Fields: {@code status, method, host, path, route, cluster, consumer, flags, latency}.</li>
 *   <li>Operators: {@code = != > >= < <=} and {@code ~} (contains). Text compares ignore case; a
 *       value ending in {@code *} matches as a prefix; {@code status=5xx} matches a status class;
 *       {@code flags=NR} holds when the flags include NR; latency takes {@code us, ms, s} (default ms).</li>
 *   <li>A bare word (no operator) matches when the path, host or route contains it.</li>
 * </ul>
 * A term may be negated with a leading {@code !} ({@code !route=health}).
 */
public final class TraceFilter implements Predicate<TraceRecord> {
    /** Field names in the order completion offers them. */
    public static final List<String> FIELDS = List.of("status", "route", "method", "host", "path", "cluster",
            "consumer", "flags", "latency");

    private static final TraceFilter ALL = new TraceFilter("", List.of());
    private static final List<String> OPERATORS = List.of(">=", "<=", "!=", "=", ">", "<", "~");

    private final String text;
    private final List<Predicate<TraceRecord>> terms;

    private TraceFilter(String text, List<Predicate<TraceRecord>> terms) {
        this.text = text;
        this.terms = List.copyOf(terms);
    }

    /** The filter that lets everything through. */
    public static TraceFilter all() {
        return ALL;
    }

    /**
     * Parses an expression.
     *
     * @throws TraceFilterException naming the offending term and its column (0-based)
     */
    public static TraceFilter parse(String expression) {
        String text = expression == null ? "" : expression.strip();
        if (text.isEmpty()) {
            return ALL;
        }
        List<Predicate<TraceRecord>> terms = new ArrayList<>();
        int i = 0;
        String s = expression;
        while (i < s.length()) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                terms.add(term(s.substring(start, i), start));
            }
        }
        return new TraceFilter(text, terms);
    }

    public String text() {
        return text;
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    @Override
    public boolean test(TraceRecord trace) {
        for (Predicate<TraceRecord> term : terms) {
            if (!term.test(trace)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- parsing

    private static Predicate<TraceRecord> term(String token, int column) {
        boolean negated = token.startsWith("!") && token.length() > 1 && !token.startsWith("!=");
        String body = negated ? token.substring(1) : token;
        Predicate<TraceRecord> p = positiveTerm(body, negated ? column + 1 : column);
        return negated ? p.negate() : p;
    }

    private static Predicate<TraceRecord> positiveTerm(String token, int column) {
        int at = -1;
        String op = null;
        for (int i = 0; i < token.length() && op == null; i++) {
            for (String candidate : OPERATORS) {
                if (token.startsWith(candidate, i)) {
                    at = i;
                    op = candidate;
                    break;
                }
            }
        }
        if (op == null) {
            String needle = token.toLowerCase(Locale.ROOT);
            return t -> contains(t.path(), needle) || contains(t.authority(), needle) || contains(t.route(), needle);
        }
        String field = token.substring(0, at).toLowerCase(Locale.ROOT);
        String value = token.substring(at + op.length());
        if (field.isEmpty()) {
            throw new TraceFilterException(column, "a field name is missing before '" + op + "' (fields: "
                    + String.join(", ", FIELDS) + ")");
        }
        if (value.isEmpty()) {
            throw new TraceFilterException(column + at + op.length(), "'" + field + op + "' needs a value");
        }
        int valueColumn = column + at + op.length();
        switch (field) {
            case "status":
                return status(op, value, valueColumn);
            case "latency":
            case "duration":
                return latency(op, value, valueColumn);
            case "method":
                return text(op, value, TraceRecord::method, valueColumn, field);
            case "host":
            case "authority":
                return text(op, value, TraceRecord::authority, valueColumn, field);
            case "path":
                return text(op, value, TraceRecord::path, valueColumn, field);
            case "route":
                return text(op, value, TraceRecord::route, valueColumn, field);
            case "cluster":
                return text(op, value, TraceRecord::cluster, valueColumn, field);
            case "consumer":
                return text(op, value, TraceRecord::consumer, valueColumn, field);
            case "flags":
            case "flag":
                return flags(op, value, valueColumn);
            default:
                throw new TraceFilterException(column, "unknown field '" + field + "' (fields: "
                        + String.join(", ", FIELDS) + ")");
        }
    }

    private static Predicate<TraceRecord> status(String op, String value, int column) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.length() == 3 && v.endsWith("xx") && Character.isDigit(v.charAt(0))) {
            int cls = v.charAt(0) - '0';
            Predicate<TraceRecord> inClass = t -> t.status() / 100 == cls;
            switch (op) {
                case "=":
                    return inClass;
                case "!=":
                    return inClass.negate();
                default:
                    throw new TraceFilterException(column, "a status class (" + value + ") takes = or !=");
            }
        }
        long n = number(value, column, "a status such as 404 or 5xx");
        return numeric(op, n, t -> t.status(), column, "status");
    }

    private static Predicate<TraceRecord> latency(String op, String value, int column) {
        String v = value.toLowerCase(Locale.ROOT);
        double scaleToMicros;
        String digits;
        if (v.endsWith("us") || v.endsWith("µs")) {
            scaleToMicros = 1;
            digits = v.substring(0, v.length() - 2);
        } else if (v.endsWith("ms")) {
            scaleToMicros = 1_000;
            digits = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            scaleToMicros = 1_000_000;
            digits = v.substring(0, v.length() - 1);
        } else {
            scaleToMicros = 1_000;
            digits = v;
        }
        double amount;
        try {
            amount = Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            throw new TraceFilterException(column, "'" + value + "' is not a latency such as 50ms, 2s or 800us");
        }
        long micros = Math.round(amount * scaleToMicros);
        if (op.equals("~")) {
            throw new TraceFilterException(column, "latency compares with = != > >= < <=");
        }
        return numeric(op, micros, t -> Math.round(t.durationMs() * 1000), column, "latency");
    }

    private static Predicate<TraceRecord> numeric(String op, long n, java.util.function.ToLongFunction<TraceRecord> f,
                                                  int column, String field) {
        switch (op) {
            case "=":
                return t -> f.applyAsLong(t) == n;
            case "!=":
                return t -> f.applyAsLong(t) != n;
            case ">":
                return t -> f.applyAsLong(t) > n;
            case ">=":
                return t -> f.applyAsLong(t) >= n;
            case "<":
                return t -> f.applyAsLong(t) < n;
            case "<=":
                return t -> f.applyAsLong(t) <= n;
            default:
                throw new TraceFilterException(column, field + " compares with = != > >= < <=");
        }
    }

    private static Predicate<TraceRecord> text(String op, String value, java.util.function.Function<TraceRecord, String> f,
                                               int column, String field) {
        String v = value.toLowerCase(Locale.ROOT);
        Predicate<TraceRecord> matches;
        if (op.equals("~")) {
            matches = t -> contains(f.apply(t), v);
        } else if (v.endsWith("*")) {
            String prefix = v.substring(0, v.length() - 1);
            matches = t -> f.apply(t).toLowerCase(Locale.ROOT).startsWith(prefix);
        } else {
            matches = t -> f.apply(t).equalsIgnoreCase(value);
        }
        switch (op) {
            case "=":
            case "~":
                return matches;
            case "!=":
                return matches.negate();
            default:
                throw new TraceFilterException(column, field + " compares with =, != or ~ (contains)");
        }
    }

    private static Predicate<TraceRecord> flags(String op, String value, int column) {
        String wanted = value.toUpperCase(Locale.ROOT);
        Predicate<TraceRecord> has = t -> hasFlag(t.flags(), wanted);
        switch (op) {
            case "=":
            case "~":
                return has;
            case "!=":
                return has.negate();
            default:
                throw new TraceFilterException(column, "flags compares with = or != (e.g. flags=NR)");
        }
    }

    static boolean hasFlag(String flags, String wanted) {
        if (wanted.equals("-") || wanted.equals("NONE")) {
            return flags.isEmpty();
        }
        for (String f : flags.split("[,| ]")) {
            if (f.equalsIgnoreCase(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static long number(String value, int column, String what) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new TraceFilterException(column, "'" + value + "' is not " + what);
        }
    }

    private static boolean contains(String haystack, String lowerNeedle) {
        return haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "(all traces)" : text;
    }
}
