package dev.gatehouse.engine.route;

import java.util.List;
import java.util.Map;

/**
 * The parts of a request that routing looks at, independent of the codec: HTTP/1 and HTTP/2
 * callers adapt their own header objects to it (see {@link NettyRouteRequest}).
 */
public interface RouteRequest {

    /** The method as received, e.g. {@code GET}. Methods are case-sensitive. */
    String method();

    /** {@code http} or {@code https}: the scheme the client used to reach us. */
    String scheme();

    /** The Host header or {@code :authority}, port included if sent; empty if the request had none. */
    String authority();

    /** The path without the query string, as received (see the package notes on normalisation). */
    String path();

    /** The raw query string without the leading {@code ?}; empty if there is none. Never null. */
    String query();

    /** Every value of the header, in order; an empty list if absent. */
    List<String> headers(String lowercaseName);

    /**
     * A request given as plain values, for callers that are not on a codec (the admin API's
     * "which route would this hit?", tests).
     *
     * @param target  origin-form request target, query included ({@code /a/b?x=1})
     * @param headers header values by name; names are lowercased here
     */
    static RouteRequest of(String method, String scheme, String authority, String target,
                           Map<String, List<String>> headers) {
        return PlainRouteRequest.of(method, scheme, authority, target, headers);
    }
}
