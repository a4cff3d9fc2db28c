package dev.gatehouse.engine.filters.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the Redis that holds shared buckets. Equal settings share one client (and, across
 * a config reload that does not change them, keep it).
 *
 * @param uri            {@code redis://}, {@code rediss://} (TLS) or {@code redis-sentinel://} URI; for
 *                       a cluster, any node's {@code redis://} URI
 * @param cluster        use Redis Cluster: topology is discovered from {@code uri}
 * @param connectTimeout how long a connection attempt may take
 * @param commandTimeout how long a decision may take, connection included, before the failure mode applies
 * @param keyPrefix      prefix of every bucket key
 * @param maxPending     commands queued on the connection at most; more fail at once
 */
record RedisSettings(String uri, boolean cluster, Duration connectTimeout, Duration commandTimeout, String keyPrefix,
                     int maxPending) {
    RedisSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
    }

    /** The URI without its password, for logs and dumps. */
    String safeUri() {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }

    @Override
    public String toString() {
        return "redis{" + safeUri() + (cluster ? ", cluster" : "") + ", connect " + connectTimeout.toMillis()
                + "ms, command " + commandTimeout.toMillis() + "ms, prefix " + keyPrefix + "}";
    }
}
