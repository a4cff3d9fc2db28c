package dev.gatehouse.engine.filters.jwt;

import java.util.Locale;
import java.util.Objects;

/** Field-name rules shared by token locations and claim headers. */
final class HeaderNames {
    private HeaderNames() {
    }

    /** The name lowercased (as HTTP/2 sends it), or IllegalArgumentException naming {@code what}. */
    static String requireValid(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isEmpty() || !isToken(name)) {
            throw new IllegalArgumentException("invalid " + what + " name '" + name + "'");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** RFC 9110 {@code token}: the characters a field name (or a cookie name) may use. */
    static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
