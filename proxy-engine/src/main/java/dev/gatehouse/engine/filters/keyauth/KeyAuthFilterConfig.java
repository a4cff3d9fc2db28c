package dev.gatehouse.engine.filters.keyauth;

import dev.gatehouse.engine.filter.FilterSettings;
import java.util.Set;

/**
 * The filter's settings.
 *
 * @param header                the request header that carries the key
 * @param query                 a query parameter that may carry the key instead; null for none
 * @param forwardConsumerHeader the upstream header set to the consumer's name (and
 *                              {@code <header>-tier} to its tier); null to forward neither
 * @param hideCredentials       remove the key from the request before it goes upstream
 */
record KeyAuthFilterConfig(String header, String query, String forwardConsumerHeader, boolean hideCredentials) {
    static final String DEFAULT_HEADER = "x-api-key";
    private static final Set<String> FIELDS = Set.of("header", "query", "forward_consumer_header", "hide_credentials");

    /** Reads the settings; problems are left in {@code settings}. */
    static KeyAuthFilterConfig read(FilterSettings settings) {
        return new KeyAuthFilterConfig(
                settings.headerName("header", DEFAULT_HEADER),
                settings.string("query", null),
                settings.headerName("forward_consumer_header", null),
                settings.bool("hide_credentials", true));
    }

    static Set<String> fields() {
        return FIELDS;
    }

    /** The upstream header that carries the consumer's tier, next to the one with its name. */
    String forwardTierHeader() {
        return forwardConsumerHeader == null ? null : forwardConsumerHeader + "-tier";
    }
}
