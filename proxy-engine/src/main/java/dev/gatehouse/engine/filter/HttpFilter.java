package dev.gatehouse.engine.filter;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * One filter's view of one request. A new instance is made per request (from its {@link
 * HttpFilterFactory}), so it may keep per-request state in fields. Every call arrives on the
 * request's event loop: a filter must never block it, and hands slow work to another thread,
 * returning {@link FilterStatus#STOP} and resuming later.
 */
public interface HttpFilter {

    /** Request headers arrived (already routed); they may be changed here. */
    default FilterStatus onRequestHeaders(FilterContext ctx, HttpHeaders headers) {
        return FilterStatus.CONTINUE;
    }

    /**
     * The upstream's response headers arrived; they may be changed here. Filters see responses in
     * reverse chain order, as in Envoy. Replies made by the gateway itself do not pass here.
     */
    default FilterStatus onResponseHeaders(FilterContext ctx, int status, HttpHeaders headers) {
        return FilterStatus.CONTINUE;
    }

    /** The request is over (answered, failed or abandoned): a place for accounting. */
    default void onLog(FilterContext ctx) {
    }
}
