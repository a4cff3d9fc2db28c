package dev.gatehouse.engine.route;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/** Replaces every match of an RE2 pattern in the path with a substitution, as Envoy's {@code regex_rewrite}. */
final class RegexRewrite implements PathRewrite {
    private final Pattern pattern;
    private final RegexSubstitution substitution;

    private RegexRewrite(Pattern pattern, RegexSubstitution substitution) {
        this.pattern = pattern;
        this.substitution = substitution;
    }

    static RegexRewrite compile(String regex, String substitution) {
        if (substitution == null) {
            throw new IllegalArgumentException("rewrite.regex needs rewrite.substitution");
        }
        Pattern pattern = ConfigRegex.compile(regex, true, "rewrite.regex");
        return new RegexRewrite(pattern, RegexSubstitution.parse(substitution, pattern.groupCount()));
    }

    @Override
    public String apply(String path) {
        Matcher m = pattern.matcher(path);
        if (!m.find()) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length() + 16);
        int copied = 0;
        do {
            out.append(path, copied, m.start());
            substitution.appendTo(out, m);
            copied = m.end();
        } while (m.find());
        return out.append(path, copied, path.length()).toString();
    }

    @Override
    public String toString() {
        return "regex_rewrite " + pattern.pattern() + " -> " + substitution;
    }
}
