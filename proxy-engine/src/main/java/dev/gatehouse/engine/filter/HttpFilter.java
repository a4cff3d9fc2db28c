package dev.gatehouse.engine.filter;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * One filter's view of one request. A new instance is made per request (from its {@link
 * HttpFilterFactory}), so it may keep per-request state in fields. Every call arrives on the
 * request's event loop: a filter must never block it, and hands slow work to another thread,
 * returning {@link FilterStatus#STOP} and resuming later.
 *
 * <p>A header, trailer or log phase the filter does not override is skipped: not called, not traced.
 */
public interface HttpFilter {

    /** Request headers arrived (already routed); they may be changed here. */
    default FilterStatus onRequestHeaders(FilterContext ctx, HttpHeaders headers) {
        return FilterStatus.CONTINUE;
    }

    /**
     * The request body: whole, for a filter that called {@link FilterContext#bufferRequestBody} in its
     * request-headers phase (it may replace it; the gateway fixes Content-Length) or answer; or chunk
     * by chunk for one that called {@link FilterContext#watchRequestBody}. In chain order. A filter may
     * pause here (STOP, then {@link FilterContext#resume()}); a watcher may also gather the body
     * with {@link FilterStatus#BUFFER}.
     */
    default FilterStatus onRequestBody(FilterContext ctx, BodyChunk body) {
        return FilterStatus.CONTINUE;
    }

    /** The request's trailers (HTTP/1.1 chunked or HTTP/2), in chain order; they may be changed. */
    default FilterStatus onRequestTrailers(FilterContext ctx, HttpHeaders trailers) {
        return FilterStatus.CONTINUE;
    }

    /**
     * The upstream's response headers arrived; they may be changed here. Filters see responses in
     * reverse chain order, as in Envoy. A filter may pause here (STOP, then {@link FilterContext#resume()})
     * while the upstream response waits. Replies the gateway or a filter makes pass here too (a
     * filter may change their headers, but not answer instead or pause them).
     */
    default FilterStatus onResponseHeaders(FilterContext ctx, int status, HttpHeaders headers) {
        return FilterStatus.CONTINUE;
    }

    /**
     * A piece of the response body, last filter first. Streaming by default: each chunk as it arrives.
     * A filter that called {@link FilterContext#bufferResponseBody} in its response-headers phase gets
     * the whole body once, and may replace it (the gateway then fixes Content-Length). A filter may
     * also answer here instead, as long as nothing of the response has gone out. A filter may pause
     * here (STOP, then {@link FilterContext#resume()}): the upstream is not read meanwhile. A watcher
     * may gather the body with {@link FilterStatus#BUFFER} and rewrite it whole on the last call.
     */
    default FilterStatus onResponseBody(FilterContext ctx, BodyChunk body) {
        return FilterStatus.CONTINUE;
    }

    /** The response's trailers (HTTP/1.1 chunked or HTTP/2), last filter first; may be changed. */
    default FilterStatus onResponseTrailers(FilterContext ctx, HttpHeaders trailers) {
        return FilterStatus.CONTINUE;
    }

    /** The request is over (answered, failed or abandoned): a place for accounting. */
    default void onLog(FilterContext ctx) {
    }
}
