package dev.gatehouse.engine.filters.cors;

import dev.gatehouse.engine.filter.FilterSettings;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The filter's settings.
 *
 * @param allowOrigins     origins whose pages may call: exact, {@code *}, or {@code https://*.example.com}
 * @param allowMethods     methods a preflight may ask for ({@code *} for any); default GET, HEAD, POST
 * @param allowHeaders     request headers a preflight may ask for, lower-cased ({@code *} for any)
 * @param exposeHeaders    response headers the page may read beyond the CORS-safelisted ones
 * @param allowCredentials whether the page may send cookies/HTTP auth and read the answer
 * @param maxAgeSeconds    how long a browser may cache a preflight answer; -1 to leave it to the browser
 */
record CorsFilterConfig(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
                        List<String> exposeHeaders, boolean allowCredentials, long maxAgeSeconds) {
    private static final Set<String> FIELDS = Set.of("allow_origins", "allow_methods", "allow_headers",
            "expose_headers", "allow_credentials", "max_age");
    /** The CORS-safelisted methods: what a page may send without a preflight. */
    static final List<String> DEFAULT_METHODS = List.of("GET", "HEAD", "POST");

    /** Reads and checks the settings; problems are left in {@code settings}. */
    static CorsFilterConfig read(FilterSettings settings) {
        List<String> origins = settings.strings("allow_origins", List.of());
        if (origins.isEmpty()) {
            settings.problem("allow_origins", "list at least one origin (or '*')");
        }
        AllowedOrigins.of(origins, (i, message) -> settings.problem("allow_origins[" + i + "]", message));
        List<String> methods = settings.strings("allow_methods", DEFAULT_METHODS);
        for (int i = 0; i < methods.size(); i++) {
            if (!FilterSettings.isToken(methods.get(i))) {
                settings.problem("allow_methods[" + i + "]", "'" + methods.get(i) + "' is not a method");
            }
        }
        List<String> allowHeaders = headerNames(settings, "allow_headers");
        List<String> exposeHeaders = headerNames(settings, "expose_headers");
        boolean credentials = settings.bool("allow_credentials", false);
        long maxAge = settings.integer("max_age", -1, 0, 86_400);
        if (credentials) {
            // With credentials the Fetch standard reads '*' as a literal name, and allowing every origin
            // with credentials would let any site act as the user: refuse the combination outright.
            for (String key : List.of("allow_origins", "allow_methods", "allow_headers", "expose_headers")) {
                if (settings.strings(key, List.of()).contains("*")) {
                    settings.problem(key, "'*' cannot be used with allow_credentials: true; list the allowed values");
                }
            }
        }
        return new CorsFilterConfig(origins, methods, allowHeaders, exposeHeaders, credentials, maxAge);
    }

    static Set<String> fields() {
        return FIELDS;
    }

    private static List<String> headerNames(FilterSettings settings, String key) {
        List<String> names = settings.strings(key, List.of());
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equals("*") && !FilterSettings.isToken(names.get(i))) {
                settings.problem(key + "[" + i + "]", "'" + names.get(i) + "' is not a valid header name");
            }
        }
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }
}
