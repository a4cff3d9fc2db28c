package dev.gatehouse.engine.http;

import dev.gatehouse.engine.config.RouteConfig;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Objects;

/** The outcome of routing one request, as the exchange acts on it. */
public sealed interface RoutingDecision {

    /** Nothing matched: 404 with the NR flag. */
    record NoRoute(String virtualHost) implements RoutingDecision {
    }

    /** The route answers itself (direct response). */
    record Respond(String route, int status, String body, String contentType) implements RoutingDecision {
    }

    /** The route redirects. */
    record Redirect(String route, int status, String location) implements RoutingDecision {
    }

    /**
     * Proxy to a cluster.
     *
     * @param upstreamUri   path and query to send upstream, after rewrites
     * @param hostRewrite   new Host value, or null to keep the request's
     */
    record Forward(String route, RouteConfig config, String cluster, String upstreamUri, String hostRewrite,
                   HeaderEdit requestEdit, HeaderEdit responseEdit) implements RoutingDecision {
        public Forward {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(upstreamUri, "upstreamUri");
            Objects.requireNonNull(requestEdit, "requestEdit");
            Objects.requireNonNull(responseEdit, "responseEdit");
        }

        /**
         * This decision with the query string of {@code requestUri}, which a filter may have changed
         * after routing (e.g. to remove a credential); the path keeps its rewrites.
         */
        /** The same forward with the upstream request's path and query set outright (a filter rewrote the path). */
        Forward withUri(String uri) {
            return new Forward(route, config, cluster, uri, hostRewrite, requestEdit, responseEdit);
        }

        Forward withQueryOf(String requestUri) {
            int q = requestUri.indexOf('?');
            String query = q < 0 ? "" : requestUri.substring(q);
            int u = upstreamUri.indexOf('?');
            String path = u < 0 ? upstreamUri : upstreamUri.substring(0, u);
            if ((path + query).equals(upstreamUri)) {
                return this;
            }
            return new Forward(route, config, cluster, path + query, hostRewrite, requestEdit, responseEdit);
        }
    }

    /** A header mutation compiled from config. */
    @FunctionalInterface
    interface HeaderEdit {
        HeaderEdit NONE = headers -> { };

        void apply(HttpHeaders headers);
    }
}
