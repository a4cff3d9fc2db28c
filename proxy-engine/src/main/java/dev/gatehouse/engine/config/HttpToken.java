package dev.gatehouse.engine.config;

/** The RFC 9110 token syntax that header names and method names must follow. */
final class HttpToken {
    private static final String SYMBOLS = "!#$%&'*+-.^_`|~";

    private HttpToken() {
    }

    static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
