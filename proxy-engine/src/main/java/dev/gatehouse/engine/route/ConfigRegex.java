package dev.gatehouse.engine.route;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/** Compiles a regex from config with RE2/J (linear time, so no ReDoS), reporting bad syntax as a config error. */
final class ConfigRegex {
    private ConfigRegex() {
    }

    static Pattern compile(String regex, boolean caseSensitive, String what) {
        try {
            return Pattern.compile(regex, caseSensitive ? 0 : Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(what + " is not a valid RE2 regex: " + e.getMessage(), e);
        }
    }
}
