package dev.gatehouse.engine.filters.cors;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** A {@link CorsFilterConfig} compiled for per-request checks, with its header values written once. */
final class CorsPolicy {
    private final CorsFilterConfig config;
    private final AllowedOrigins origins;
    private final Set<String> methods;
    private final boolean anyMethod;
    private final Set<String> headers;
    private final boolean anyHeader;
    final String allowMethods;
    final String allowHeaders;
    final String exposeHeaders;

    CorsPolicy(CorsFilterConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.origins = AllowedOrigins.of(config.allowOrigins(), (i, message) -> { });
        this.methods = Set.copyOf(config.allowMethods());
        this.anyMethod = methods.contains("*");
        this.headers = Set.copyOf(config.allowHeaders());
        this.anyHeader = headers.contains("*");
        this.allowMethods = String.join(", ", config.allowMethods());
        this.allowHeaders = String.join(", ", config.allowHeaders());
        this.exposeHeaders = String.join(", ", config.exposeHeaders());
    }

    boolean allowsOrigin(String origin) {
        return origins.allows(origin);
    }

    /** Methods are case-sensitive (RFC 9110), so "get" is not "GET". */
    boolean allowsMethod(String method) {
        return anyMethod || methods.contains(method);
    }

    /** True when every name of an Access-Control-Request-Headers value is allowed. */
    boolean allowsHeaders(String requested) {
        if (requested == null || anyHeader) {
            return true;
        }
        Set<String> asked = new HashSet<>();
        for (String name : requested.split(",")) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            if (!n.isEmpty()) {
                asked.add(n);
            }
        }
        return headers.containsAll(asked);
    }

    /**
     * The Access-Control-Allow-Origin value for an allowed origin: {@code *} when any origin may call
     * (never with credentials: the config refuses that), else the origin itself.
     */
    String allowOriginFor(String origin) {
        return origins.allowsAny() ? "*" : origin;
    }

    /** Whether the answer depends on the Origin header, so caches must key on it. */
    boolean variesByOrigin() {
        return !origins.allowsAny();
    }

    boolean allowCredentials() {
        return config.allowCredentials();
    }

    long maxAgeSeconds() {
        return config.maxAgeSeconds();
    }

    List<String> exposed() {
        return config.exposeHeaders();
    }

    @Override
    public String toString() {
        return config.toString();
    }
}
