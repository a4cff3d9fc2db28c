package dev.gatehouse.views.config;

import dev.gatehouse.engine.config.EndpointConfig;
import dev.gatehouse.engine.config.HeaderMatch;
import dev.gatehouse.engine.config.HostPort;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The text forms of list-valued fields in the property sheets, both ways: methods as a comma list,
 * header conditions and endpoints one per line. Toolkit-free; parse errors are
 * {@link IllegalArgumentException}s with a message for the user.
 */
final class FormFields {
    private FormFields() {
    }

    static String methods(List<String> methods) {
        return String.join(", ", methods);
    }

    static List<String> parseMethods(String text) {
        return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).map(s -> s.toUpperCase(Locale.ROOT)).toList();
    }

    /** {@code name: value} (exact), {@code name ~ regex}, {@code name present}, {@code name absent}; {@code !} in front inverts. */
    static String headers(List<HeaderMatch> headers) {
        List<String> lines = new ArrayList<>();
        for (HeaderMatch h : headers) {
            String condition = h.exact() != null ? ": " + h.exact()
                    : h.regex() != null ? " ~ " + h.regex()
                    : Boolean.FALSE.equals(h.present()) ? " absent" : " present";
            lines.add((h.invert() ? "!" : "") + h.name() + condition);
        }
        return String.join("\n", lines);
    }

    static List<HeaderMatch> parseHeaders(String text) {
        List<HeaderMatch> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            boolean invert = line.startsWith("!");
            if (invert) {
                line = line.substring(1).strip();
            }
            int colon = line.indexOf(':');
            int tilde = line.indexOf(" ~ ");
            if (colon > 0 && (tilde < 0 || colon < tilde)) {
                out.add(new HeaderMatch(line.substring(0, colon).strip(), line.substring(colon + 1).strip(), null, null, invert));
            } else if (tilde > 0) {
                out.add(new HeaderMatch(line.substring(0, tilde).strip(), null, line.substring(tilde + 3).strip(), null, invert));
            } else if (line.endsWith(" present") || line.endsWith(" absent")) {
                String name = line.substring(0, line.lastIndexOf(' ')).strip();
                out.add(new HeaderMatch(name, null, null, line.endsWith(" present"), invert));
            } else {
                throw new IllegalArgumentException("a header condition reads 'name: value', 'name ~ regex', "
                        + "'name present' or 'name absent', not '" + raw.strip() + "'");
            }
        }
        return out;
    }

    /** {@code host:port weight} or {@code backend:name weight}; the weight may be left out. */
    static String endpoints(List<EndpointConfig> endpoints) {
        List<String> lines = new ArrayList<>();
        for (EndpointConfig e : endpoints) {
            String where = e.backend() != null ? "backend:" + e.backend() : e.address().toString();
            lines.add(where + (e.weight() == EndpointConfig.DEFAULT_WEIGHT ? "" : " " + e.weight()));
        }
        return String.join("\n", lines);
    }

    static List<EndpointConfig> parseEndpoints(String text) {
        List<EndpointConfig> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String[] parts = raw.strip().split("\\s+");
            if (parts.length == 0 || parts[0].isEmpty()) {
                continue;
            }
            if (parts.length > 2) {
                throw new IllegalArgumentException("an endpoint reads 'host:port [weight]' or 'backend:name [weight]', not '"
                        + raw.strip() + "'");
            }
            int weight = EndpointConfig.DEFAULT_WEIGHT;
            if (parts.length == 2) {
                try {
                    weight = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("an endpoint weight is a whole number, not '" + parts[1] + "'");
                }
                if (weight < 1) {
                    throw new IllegalArgumentException("an endpoint weight is at least 1");
                }
            }
            if (parts[0].startsWith("backend:")) {
                out.add(new EndpointConfig(null, parts[0].substring("backend:".length()), weight));
            } else {
                out.add(new EndpointConfig(HostPort.parse(parts[0]), null, weight));
            }
        }
        return out;
    }
}
