package dev.gatehouse.engine.http;

/** Lookup tables for the ASCII character classes the HTTP grammars are built from. */
final class AsciiClass {
    /** tchar from RFC 9110 §5.6.2: what field names and methods are made of. */
    private static final boolean[] TOKEN_CHARS = alphaNumericAnd("!#$%&'*+-.^_`|~");

    private AsciiClass() {
    }

    /** Whether {@code c} (0..255) may appear in a token such as a field name. */
    static boolean isTokenChar(int c) {
        return c < TOKEN_CHARS.length && TOKEN_CHARS[c];
    }

    /** Letters, digits and the given extra characters; indexes 0..127. */
    static boolean[] alphaNumericAnd(String extras) {
        boolean[] chars = new boolean[128];
        for (int c = '0'; c <= '9'; c++) {
            chars[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            chars[c] = true;
            chars[c - 'a' + 'A'] = true;
        }
        for (char c : extras.toCharArray()) {
            chars[c] = true;
        }
        return chars;
    }
}
