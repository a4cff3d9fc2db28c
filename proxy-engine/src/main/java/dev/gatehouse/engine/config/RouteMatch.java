package dev.gatehouse.engine.config;

import java.util.List;

/**
 * What a request must look like for a route to apply. Exactly one of {@code prefix}, {@code path}
 * (exact) and {@code regex} (RE2 syntax, matched against the whole path) is set; the other
 * conditions are all ANDed.
 *
 * @param methods empty means any method
 */
public record RouteMatch(
        String prefix,
        String path,
        String regex,
        boolean caseSensitive,
        List<String> methods,
        List<HeaderMatch> headers,
        List<QueryMatch> query) {

    public RouteMatch {
        methods = List.copyOf(methods);
        headers = List.copyOf(headers);
        query = List.copyOf(query);
    }

    public static RouteMatch prefix(String prefix) {
        return new RouteMatch(prefix, null, null, true, List.of(), List.of(), List.of());
    }
}
