package dev.gatehouse.engine.route;

import com.google.re2j.Pattern;
import dev.gatehouse.engine.config.RouteMatch;
import io.netty.util.AsciiString;

/** The path condition of a route: a plain string prefix, an exact path, or an RE2 regex over the whole path. */
final class PathMatcher implements RouteCondition {

    enum Kind { PREFIX, EXACT, REGEX }

    private final Kind kind;
    private final String value;
    private final boolean caseSensitive;
    private final Pattern regex;

    private PathMatcher(Kind kind, String value, boolean caseSensitive, Pattern regex) {
        this.kind = kind;
        this.value = value;
        this.caseSensitive = caseSensitive;
        this.regex = regex;
    }

    static PathMatcher compile(RouteMatch match) {
        int set = (match.prefix() != null ? 1 : 0) + (match.path() != null ? 1 : 0) + (match.regex() != null ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("match needs exactly one of prefix, path and regex, found " + set);
        }
        if (match.prefix() != null) {
            return new PathMatcher(Kind.PREFIX, match.prefix(), match.caseSensitive(), null);
        }
        if (match.path() != null) {
            return new PathMatcher(Kind.EXACT, match.path(), match.caseSensitive(), null);
        }
        return new PathMatcher(Kind.REGEX, match.regex(), match.caseSensitive(),
                ConfigRegex.compile(match.regex(), match.caseSensitive(), "match.regex"));
    }

    @Override
    public boolean test(RouteRequest request) {
        return matches(request.path());
    }

    boolean matches(String path) {
        return switch (kind) {
            case PREFIX -> caseSensitive
                    ? path.startsWith(value)
                    : path.length() >= value.length() && regionEqualsIgnoreAsciiCase(path);
            case EXACT -> caseSensitive
                    ? path.equals(value)
                    : path.length() == value.length() && regionEqualsIgnoreAsciiCase(path);
            case REGEX -> regex.matches(path);
        };
    }

    @Override
    public String mismatch(RouteRequest request) {
        return this + " did not match";
    }

    Kind kind() {
        return kind;
    }

    String value() {
        return value;
    }

    @Override
    public String toString() {
        String name = switch (kind) {
            case PREFIX -> "prefix ";
            case EXACT -> "path ";
            case REGEX -> "regex ";
        };
        return name + value + (caseSensitive ? "" : " (case-insensitive)");
    }

    private boolean regionEqualsIgnoreAsciiCase(String path) {
        return AsciiString.regionMatchesAscii(path, true, 0, value, 0, value.length());
    }
}
