package dev.gatehouse.engine.config;

import java.util.List;
import java.util.Objects;

/** What a matched route does: proxy to one cluster, split across clusters, answer, or redirect. */
public sealed interface RouteAction {

    record Cluster(String cluster) implements RouteAction {
        public Cluster {
            Objects.requireNonNull(cluster, "cluster");
        }
    }

    /** Splits traffic across clusters in proportion to their weights. */
    record WeightedClusters(List<WeightedCluster> clusters) implements RouteAction {
        public WeightedClusters {
            clusters = List.copyOf(clusters);
        }
    }

    record WeightedCluster(String cluster, int weight) {
        public WeightedCluster {
            Objects.requireNonNull(cluster, "cluster");
        }
    }

    /** @param contentType may be null (then text/plain) */
    record DirectResponse(int status, String body, String contentType) implements RouteAction {
        public DirectResponse {
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * Redirects; any of scheme, host, port, path, prefixRewrite that is null keeps the request's own.
     *
     * @param status 301, 302, 303, 307 or 308
     */
    record Redirect(String scheme, String host, Integer port, String path, String prefixRewrite,
                    int status, boolean stripQuery) implements RouteAction {
        public static final int DEFAULT_STATUS = 301;
    }
}
