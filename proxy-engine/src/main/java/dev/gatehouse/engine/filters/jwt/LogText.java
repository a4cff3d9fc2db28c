package dev.gatehouse.engine.filters.jwt;

/**
 * Values from tokens and requests made safe for a log line or trace annotation: printable ASCII
 * only, cut to a bounded length, so an attacker-chosen {@code kid} cannot forge log lines or
 * blow up a trace.
 */
final class LogText {
    private static final int MAX_CHARS = 64;

    private LogText() {
    }

    /** {@code 'value'}, or {@code null}. */
    static String quoted(Object value) {
        return value == null ? "null" : "'" + plain(value) + "'";
    }

    /** The value without quotes; {@code -} for null. */
    static String plain(Object value) {
        if (value == null) {
            return "-";
        }
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_CHARS) + 3);
        for (int i = 0; i < s.length() && i < MAX_CHARS; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '\'' ? c : '?');
        }
        if (s.length() > MAX_CHARS) {
            out.append("...");
        }
        return out.toString();
    }
}
