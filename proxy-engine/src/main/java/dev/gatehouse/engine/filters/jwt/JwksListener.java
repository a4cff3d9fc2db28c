package dev.gatehouse.engine.filters.jwt;

import java.net.URI;

/**
 * Hears about remote JWKS fetches, for metrics and traces. Called on the fetching thread, once
 * per fetch (not once per request), so implementations must be quick and thread-safe.
 */
public interface JwksListener {
    /** Listens to nothing. */
    JwksListener NONE = new JwksListener() {
    };

    /** A fetch replaced the keys. */
    default void fetched(String provider, URI uri, int keyCount) {
    }

    /** A fetch failed; the previous keys, if any, stay in use. */
    default void fetchFailed(String provider, URI uri, String reason) {
    }

    /** A refetch was asked for (unknown {@code kid}, retry after failure) but refused by the rate limit. */
    default void refetchSuppressed(String provider, URI uri) {
    }
}
