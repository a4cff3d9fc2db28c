package dev.gatehouse.engine.config;

/** The one-line text shared by {@link ConfigError} and {@link ConfigWarning}, so both read alike. */
final class ConfigProblemText {
    private ConfigProblemText() {
    }

    static String format(String source, int line, int column, String severity, String path, String message) {
        StringBuilder text = new StringBuilder(source);
        if (line > 0) {
            text.append(':').append(line).append(':').append(column);
        }
        text.append(": ").append(severity);
        if (!path.isEmpty()) {
            text.append(path).append(": ");
        }
        return text.append(message).toString();
    }
}
