package dev.gatehouse.engine.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** {@link RouteRequest} over plain values; see {@link RouteRequest#of}. */
record PlainRouteRequest(String method, String scheme, String authority, String path, String query,
                         Map<String, List<String>> headerValues) implements RouteRequest {

    PlainRouteRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        headerValues = Map.copyOf(headerValues);
    }

    static PlainRouteRequest of(String method, String scheme, String authority, String target,
                                Map<String, List<String>> headers) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(headers, "headers");
        Map<String, List<String>> lowercased = new HashMap<>();
        headers.forEach((name, values) -> lowercased
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
        lowercased.replaceAll((name, values) -> List.copyOf(values));
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        return new PlainRouteRequest(method, scheme, authority == null ? "" : authority, path, query,
                lowercased);
    }

    @Override
    public List<String> headers(String lowercaseName) {
        return headerValues.getOrDefault(lowercaseName, List.of());
    }
}
