package dev.gatehouse.engine.route;

/** The bits of RFC 9110 grammar that config values must follow before they reach the wire. */
final class HttpSyntax {
    private static final String DELIMITERS = "\"(),/:;<=>?@[\\]{}";

    private HttpSyntax() {
    }

    /** A {@code token}: what method and header names are made of. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || DELIMITERS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code value} can sit in a header field: no CR, LF or NUL that would end or split the line. */
    static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return false;
            }
        }
        return true;
    }
}
