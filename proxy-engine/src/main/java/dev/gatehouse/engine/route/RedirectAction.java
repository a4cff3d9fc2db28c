package dev.gatehouse.engine.route;

import dev.gatehouse.engine.config.RouteAction;
import java.util.Locale;
import java.util.Set;

/**
 * Answers with a redirect whose Location is built from the request, with the configured parts
 * swapped in. Unset parts keep the request's own, with one exception: when the scheme changes
 * and no port is configured, the request's port is dropped, since it belonged to the old scheme
 * ({@code http://h:8080/} must not become {@code https://h:8080/}). A port that is the scheme's
 * default (http 80, https 443) is left out.
 *
 * <p>A configured {@code path} may carry a query ({@code /new?x=1}); it then replaces the
 * request's query whatever {@code strip_query} says.
 */
public final class RedirectAction implements CompiledAction {
    private static final Set<Integer> STATUSES = Set.of(301, 302, 303, 307, 308);

    private final RouteAction.Redirect config;
    private final String scheme;
    private final String host;
    private final int port;
    private final String path;
    private final String pathQuery;
    private final PathRewrite prefixRewrite;

    private RedirectAction(RouteAction.Redirect config, String scheme, String host, int port, String path,
                           String pathQuery, PathRewrite prefixRewrite) {
        this.config = config;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.path = path;
        this.pathQuery = pathQuery;
        this.prefixRewrite = prefixRewrite;
    }

    static RedirectAction compile(RouteAction.Redirect config, PathMatcher matched) {
        if (!STATUSES.contains(config.status())) {
            throw new IllegalArgumentException("redirect status must be one of 301, 302, 303, 307, 308: " + config.status());
        }
        String scheme = config.scheme() == null ? null : compileScheme(config.scheme());
        String host = config.host() == null ? null : compileHost(config.host());
        int port = -1;
        if (config.port() != null) {
            if (config.port() < 1 || config.port() > 65535) {
                throw new IllegalArgumentException("redirect port must be 1-65535: " + config.port());
            }
            port = config.port();
        }
        if (config.path() != null && config.prefixRewrite() != null) {
            throw new IllegalArgumentException("redirect takes path or prefix_rewrite, not both");
        }
        String path = null;
        String pathQuery = null;
        if (config.path() != null) {
            if (!config.path().startsWith("/") || !HttpSyntax.isFieldValue(config.path())) {
                throw new IllegalArgumentException("redirect path must start with '/' and have no control characters");
            }
            int q = config.path().indexOf('?');
            path = q < 0 ? config.path() : config.path().substring(0, q);
            pathQuery = q < 0 ? null : config.path().substring(q + 1);
        }
        PathRewrite prefixRewrite = config.prefixRewrite() == null ? null
                : PrefixRewrite.compile(config.prefixRewrite(), matched, "redirect.prefix_rewrite");
        return new RedirectAction(config, scheme, host, port, path, pathQuery, prefixRewrite);
    }

    public int status() {
        return config.status();
    }

    /**
     * The Location header for {@code request}. Absolute, unless the request carried no authority
     * and none is configured: then only path and query, which RFC 9110 allows.
     */
    public String location(RouteRequest request) {
        String requestScheme = Authority.lowercaseAscii(request.scheme());
        String finalScheme = scheme != null ? scheme : requestScheme;
        String authority = request.authority();
        String finalHost = host != null ? host : Authority.host(authority);
        int finalPort;
        if (port > 0) {
            finalPort = port;
        } else if (!finalScheme.equals(requestScheme)) {
            finalPort = -1;
        } else {
            finalPort = Authority.port(authority);
        }
        if (finalPort == defaultPort(finalScheme)) {
            finalPort = -1;
        }
        String finalPath = path != null ? path
                : prefixRewrite != null ? prefixRewrite.apply(request.path()) : request.path();
        String query = pathQuery != null ? pathQuery : config.stripQuery() ? "" : request.query();

        StringBuilder location = new StringBuilder(64);
        if (!finalHost.isEmpty()) {
            location.append(finalScheme).append("://").append(finalHost);
            if (finalPort > 0) {
                location.append(':').append(finalPort);
            }
        }
        location.append(finalPath);
        if (!query.isEmpty()) {
            location.append('?').append(query);
        }
        return location.toString();
    }

    @Override
    public String toString() {
        return "redirect " + config.status() + " scheme=" + orKeep(scheme) + " host=" + orKeep(host)
                + " port=" + (port > 0 ? String.valueOf(port) : "(request)")
                + (path != null ? " path=" + config.path() : "")
                + (prefixRewrite != null ? " " + prefixRewrite : "")
                + (config.stripQuery() ? " strip_query" : "");
    }

    private static String orKeep(String value) {
        return value != null ? value : "(request)";
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -2;
        };
    }

    private static String compileScheme(String scheme) {
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (!lower.matches("[a-z][a-z0-9+.-]*")) {
            throw new IllegalArgumentException("redirect scheme is not a URI scheme: " + scheme);
        }
        return lower;
    }

    private static String compileHost(String host) {
        if (host.isEmpty() || !HttpSyntax.isFieldValue(host)) {
            throw new IllegalArgumentException("redirect host is empty or has control characters");
        }
        for (int i = 0; i < host.length(); i++) {
            if (" /?#@".indexOf(host.charAt(i)) >= 0) {
                throw new IllegalArgumentException("redirect host must be a bare host name: " + host);
            }
        }
        int colon = host.indexOf(':');
        if (colon < 0 || host.startsWith("[")) {
            return host;
        }
        if (host.indexOf(':', colon + 1) >= 0) {
            return "[" + host + "]"; // a bare IPv6 literal; the URL needs it bracketed
        }
        throw new IllegalArgumentException("redirect host must not carry a port (use port): " + host);
    }
}
