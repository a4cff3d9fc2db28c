package dev.gatehouse.engine.config;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} and {@code ${NAME:-fallback}} in string values, so secrets such as the
 * admin token need not live in the file. <code>$${</code> writes a literal <code>${</code>. As in a shell,
 * an empty variable counts as unset when a fallback is given.
 */
final class EnvironmentPlaceholders {
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, String> environment;

    EnvironmentPlaceholders(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Returns the text with every placeholder replaced; throws IllegalArgumentException saying why not. */
    String resolve(String text) {
        if (!text.contains("${")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated '${' (write '$${' for a literal '${')");
                }
                out.append(valueOf(text.substring(i + 2, end)));
                i = end + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    /** The inverse of {@link #resolve} for literal text: an exported value loads back unchanged. */
    static String escape(String text) {
        return text.replace("${", "$${");
    }

    private String valueOf(String placeholder) {
        int separator = placeholder.indexOf(":-");
        String name = separator < 0 ? placeholder : placeholder.substring(0, separator);
        if (!VARIABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'${" + placeholder + "}' does not name an environment variable");
        }
        String value = environment.apply(name);
        if (separator >= 0 && (value == null || value.isEmpty())) {
            return placeholder.substring(separator + 2);
        }
        if (value == null) {
            throw new IllegalArgumentException("environment variable " + name + " is not set (write ${"
                    + name + ":-fallback} to give a fallback)");
        }
        return value;
    }
}
