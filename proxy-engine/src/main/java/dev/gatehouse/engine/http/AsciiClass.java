package dev.gatehouse.engine.http;

/** Lookup tables for the ASCII character classes the HTTP grammars are built from. */
final class AsciiClass {
    private AsciiClass() {
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
