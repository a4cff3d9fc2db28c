package dev.gatehouse.engine.route;

import com.google.re2j.Pattern;
import dev.gatehouse.engine.config.HeaderMatch;
import java.util.List;
import java.util.Locale;

/**
 * One header condition. A header sent on several lines matches if any of its values matches;
 * {@code invert} negates the overall result.
 */
final class HeaderMatcher implements RouteCondition {

    private enum Kind { EXACT, REGEX, PRESENT, ABSENT }

    private final String name;
    private final Kind kind;
    private final String exact;
    private final Pattern regex;
    private final boolean invert;

    private HeaderMatcher(String name, Kind kind, String exact, Pattern regex, boolean invert) {
        this.name = name;
        this.kind = kind;
        this.exact = exact;
        this.regex = regex;
        this.invert = invert;
    }

    static HeaderMatcher compile(HeaderMatch match) {
        String name = match.name().toLowerCase(Locale.ROOT);
        if (!HttpSyntax.isToken(name)) {
            throw new IllegalArgumentException("header name is not a valid token: '" + match.name() + "'");
        }
        int set = (match.exact() != null ? 1 : 0) + (match.regex() != null ? 1 : 0) + (match.present() != null ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("header '" + name + "' needs exactly one of exact, regex and present");
        }
        if (match.exact() != null) {
            return new HeaderMatcher(name, Kind.EXACT, match.exact(), null, match.invert());
        }
        if (match.regex() != null) {
            return new HeaderMatcher(name, Kind.REGEX, null,
                    ConfigRegex.compile(match.regex(), true, "header '" + name + "' regex"), match.invert());
        }
        return new HeaderMatcher(name, match.present() ? Kind.PRESENT : Kind.ABSENT, null, null, match.invert());
    }

    @Override
    public boolean test(RouteRequest request) {
        return matchesValues(request.headers(name)) != invert;
    }

    @Override
    public String mismatch(RouteRequest request) {
        List<String> values = request.headers(name);
        if (values.isEmpty()) {
            return "header " + name + " absent";
        }
        if (kind == Kind.PRESENT || kind == Kind.ABSENT) {
            return "header " + name + " present";
        }
        return "header " + name + (invert ? " matched" : " did not match") + (kind == Kind.EXACT ? " exact value" : " regex");
    }

    @Override
    public String toString() {
        String condition = switch (kind) {
            case EXACT -> " == \"" + exact + '"';
            case REGEX -> " ~ " + regex.pattern();
            case PRESENT -> " present";
            case ABSENT -> " absent";
        };
        return (invert ? "not header " : "header ") + name + condition;
    }

    private boolean matchesValues(List<String> values) {
        switch (kind) {
            case PRESENT:
                return !values.isEmpty();
            case ABSENT:
                return values.isEmpty();
            default:
                for (int i = 0; i < values.size(); i++) {
                    String value = values.get(i);
                    if (kind == Kind.EXACT ? exact.equals(value) : regex.matches(value)) {
                        return true;
                    }
                }
                return false;
        }
    }
}
