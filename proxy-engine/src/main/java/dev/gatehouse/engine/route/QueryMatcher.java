package dev.gatehouse.engine.route;

import com.google.re2j.Pattern;
import dev.gatehouse.engine.config.QueryMatch;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * One query-parameter condition, over percent-decoded names and values ({@code +} is a space).
 * A parameter given several times matches if any occurrence matches.
 */
final class QueryMatcher implements RouteCondition {

    private enum Kind { EXACT, REGEX, PRESENT }

    private final String name;
    private final Kind kind;
    private final String exact;
    private final Pattern regex;

    private QueryMatcher(String name, Kind kind, String exact, Pattern regex) {
        this.name = name;
        this.kind = kind;
        this.exact = exact;
        this.regex = regex;
    }

    static QueryMatcher compile(QueryMatch match) {
        String name = match.name();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("query parameter name is empty");
        }
        int set = (match.exact() != null ? 1 : 0) + (match.regex() != null ? 1 : 0) + (match.present() != null ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("query parameter '" + name + "' needs exactly one of exact, regex and present");
        }
        if (Boolean.FALSE.equals(match.present())) {
            throw new IllegalArgumentException("query parameter '" + name + "': present must be true when set");
        }
        if (match.exact() != null) {
            return new QueryMatcher(name, Kind.EXACT, match.exact(), null);
        }
        if (match.regex() != null) {
            return new QueryMatcher(name, Kind.REGEX, null,
                    ConfigRegex.compile(match.regex(), true, "query parameter '" + name + "' regex"));
        }
        return new QueryMatcher(name, Kind.PRESENT, null, null);
    }

    @Override
    public boolean test(RouteRequest request) {
        return scan(request.query(), kind != Kind.PRESENT);
    }

    @Override
    public String mismatch(RouteRequest request) {
        return "query parameter " + name + (scan(request.query(), false) ? " did not match" : " absent");
    }

    @Override
    public String toString() {
        return "query " + name + switch (kind) {
            case EXACT -> " == \"" + exact + '"';
            case REGEX -> " ~ " + regex.pattern();
            case PRESENT -> " present";
        };
    }

    /** Whether the parameter occurs (and, if {@code checkValue}, whether one occurrence's value matches). */
    private boolean scan(String query, boolean checkValue) {
        int start = 0;
        while (start < query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int eq = query.indexOf('=', start);
            int nameEnd = eq < 0 || eq > end ? end : eq;
            if (nameMatches(query, start, nameEnd)
                    && (!checkValue || valueMatches(nameEnd == end ? "" : decode(query.substring(nameEnd + 1, end))))) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private boolean nameMatches(String query, int start, int end) {
        if (hasEscape(query, start, end)) {
            return decode(query.substring(start, end)).equals(name);
        }
        // no escapes: compare in place rather than cut a substring per parameter
        return end - start == name.length() && query.regionMatches(start, name, 0, name.length());
    }

    private static boolean hasEscape(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '+') {
                return true;
            }
        }
        return false;
    }

    private boolean valueMatches(String value) {
        return kind == Kind.EXACT ? exact.equals(value) : regex.matches(value);
    }

    /** Returns {@code s} itself when it holds no escapes; a malformed escape leaves it undecoded. */
    private static String decode(String s) {
        try {
            return QueryStringDecoder.decodeComponent(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }
}
