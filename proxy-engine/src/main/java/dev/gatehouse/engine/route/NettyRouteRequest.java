package dev.gatehouse.engine.route;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;
import java.util.Objects;

/**
 * Adapts a Netty {@link HttpRequest} to {@link RouteRequest}. The request target is split once,
 * here; headers are read through to the Netty headers on demand.
 *
 * <p>For an absolute-form target ({@code GET http://host/p HTTP/1.1}) the authority comes from the
 * target and the Host header is ignored, as RFC 9112 section 3.2.2 requires.
 */
public final class NettyRouteRequest implements RouteRequest {
    private final HttpRequest request;
    private final String scheme;
    private final String authority;
    private final String path;
    private final String query;

    private NettyRouteRequest(HttpRequest request, String scheme, String authority, String path, String query) {
        this.request = request;
        this.scheme = scheme;
        this.authority = authority;
        this.path = path;
        this.query = query;
    }

    /**
     * @param scheme {@code http} or {@code https}: whether the listener that took the request speaks TLS
     */
    public static NettyRouteRequest of(HttpRequest request, String scheme) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(scheme, "scheme");
        String target = request.uri();
        String authority = null;
        int pathStart = 0;
        int schemeEnd = target.indexOf("://");
        if (schemeEnd > 0 && !target.startsWith("/")) {
            int authorityStart = schemeEnd + 3;
            int authorityEnd = authorityStart;
            while (authorityEnd < target.length() && "/?#".indexOf(target.charAt(authorityEnd)) < 0) {
                authorityEnd++;
            }
            int at = target.lastIndexOf('@', authorityEnd - 1);
            // userinfo is not part of the authority that routing (or the Host header) sees
            authority = target.substring(at >= authorityStart ? at + 1 : authorityStart, authorityEnd);
            pathStart = authorityEnd;
        }
        if (authority == null) {
            String host = request.headers().get(HttpHeaderNames.HOST);
            authority = host == null ? "" : host;
        }
        int q = target.indexOf('?', pathStart);
        String path = q < 0 ? target.substring(pathStart) : target.substring(pathStart, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        return new NettyRouteRequest(request, scheme, authority, path.isEmpty() ? "/" : path, query);
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String authority() {
        return authority;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String query() {
        return query;
    }

    @Override
    public List<String> headers(String lowercaseName) {
        return request.headers().getAll(lowercaseName);
    }

    @Override
    public String toString() {
        return method() + " " + scheme + "://" + authority + path + (query.isEmpty() ? "" : "?" + query);
    }
}
