package dev.gatehouse.engine.http;

/**
 * Why the gateway answered a request itself, or what went wrong upstream. The short codes follow
 * Envoy's response flags so that people who know one can read the other.
 */
public enum ResponseFlag {
    /** No route matched the request. */
    NO_ROUTE("NR"),
    /** The cluster had no healthy endpoint. */
    NO_HEALTHY_UPSTREAM("UH"),
    /** Connecting to the upstream failed. */
    UPSTREAM_CONNECT_FAILURE("UF"),
    /** The upstream connection was reset or closed before a complete response. */
    UPSTREAM_RESET("UR"),
    /** The upstream request timed out. */
    UPSTREAM_TIMEOUT("UT"),
    /** Retries were exhausted (or refused by the budget) and the last attempt failed. */
    UPSTREAM_RETRY_LIMIT_EXCEEDED("URX"),
    /** A circuit breaker or pool limit turned the request away. */
    UPSTREAM_OVERFLOW("UO"),
    /** The downstream request broke HTTP rules (strict parsing). */
    DOWNSTREAM_PROTOCOL_ERROR("DPE"),
    /** The downstream connection closed before the response was complete. */
    DOWNSTREAM_CONNECTION_TERMINATION("DC"),
    /** A filter failed (threw) while handling the request. */
    FILTER_ERROR("FE"),
    /** A rate limit turned the request away (429). */
    RATE_LIMITED("RL"),
    /** The route answered directly (direct response or redirect). */
    DIRECT_RESPONSE("DR"),
    /** The downstream took too long to send request headers. */
    REQUEST_HEADERS_TIMEOUT("RHT");

    private final String code;

    ResponseFlag(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The flag with this code, e.g. {@code RL}; null when there is none. */
    public static ResponseFlag ofCode(String code) {
        for (ResponseFlag f : values()) {
            if (f.code.equals(code)) {
                return f;
            }
        }
        return null;
    }

    /** The header carrying the flags on local replies, e.g. {@code x-gatehouse-flags: NR}. */
    public static final String HEADER = "x-gatehouse-flags";
}
