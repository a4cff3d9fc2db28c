package dev.gatehouse.engine.config;

/** Builds the paths errors are reported at, e.g. {@code routes[3].match.prefix}; the document is "". */
final class ConfigPath {
    private ConfigPath() {
    }

    static String field(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
