package dev.gatehouse.engine.filters.cors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The origins a CORS policy allows: {@code *} (any), exact origins ({@code https://app.example.com}),
 * and subdomain patterns ({@code https://*.example.com}, which matches any subdomain at any depth but
 * not {@code example.com} itself). Origins compare case-insensitively, as host names do.
 */
final class AllowedOrigins {
    /** scheme://host[:port], nothing after: the only shape an Origin header has (besides "null"). */
    private static final Pattern ORIGIN = Pattern.compile("[a-z][a-z0-9+.-]*://(\\*\\.)?[a-z0-9.\\-\\[\\]:]+");
    private static final Pattern HOST_LABELS = Pattern.compile("[a-z0-9.-]+");

    private final boolean any;
    private final Set<String> exact = new HashSet<>();
    /** Per pattern: the part before the '*' ("https://") and after it (".example.com"). */
    private final List<String[]> patterns = new ArrayList<>();

    private AllowedOrigins(List<String> origins) {
        boolean anyOrigin = false;
        for (String origin : origins) {
            String o = origin.toLowerCase(Locale.ROOT);
            int star = o.indexOf('*');
            if (o.equals("*")) {
                anyOrigin = true;
            } else if (star < 0) {
                exact.add(o);
            } else {
                patterns.add(new String[] {o.substring(0, star), o.substring(star + 1)});
            }
        }
        this.any = anyOrigin;
    }

    /** The configured origins, checked; null (with {@code problem} told why) for a malformed one. */
    static AllowedOrigins of(List<String> origins, java.util.function.BiConsumer<Integer, String> problem) {
        for (int i = 0; i < origins.size(); i++) {
            String o = origins.get(i).toLowerCase(Locale.ROOT);
            if (!o.equals("*") && !ORIGIN.matcher(o).matches()) {
                problem.accept(i, "'" + origins.get(i) + "' is not an origin: write scheme://host[:port] with no path, "
                        + "'*', or a pattern such as https://*.example.com");
            }
        }
        return new AllowedOrigins(origins);
    }

    boolean allowsAny() {
        return any;
    }

    boolean allows(String origin) {
        if (any) {
            return true;
        }
        String o = origin.toLowerCase(Locale.ROOT);
        if (exact.contains(o)) {
            return true;
        }
        for (String[] p : patterns) {
            if (o.length() > p[0].length() + p[1].length() && o.startsWith(p[0]) && o.endsWith(p[1])) {
                // What the '*' stands for must be host labels only, so ":" or "/" cannot smuggle in another host.
                String labels = o.substring(p[0].length(), o.length() - p[1].length());
                if (HOST_LABELS.matcher(labels).matches() && !labels.startsWith(".") && !labels.endsWith(".")) {
                    return true;
                }
            }
        }
        return false;
    }
}
