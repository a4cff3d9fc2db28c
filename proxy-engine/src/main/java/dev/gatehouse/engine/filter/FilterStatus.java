package dev.gatehouse.engine.filter;

/** What a filter phase decided. */
public enum FilterStatus {
    /** Go on with the next filter (and, after the last, the router). */
    CONTINUE,
    /**
     * Pause this request here, in any headers or body phase; the filter does async work and later
     * calls {@link FilterContext#resume()} (or {@link FilterContext#reply}) from any thread; the
     * request continues on its own event loop with the next filter. In a body phase the chunk (or
     * whole body) waits with the filter, the body behind it queues, and the gateway stops reading
     * that body's source until the stream is resumed, so what is held stays bounded.
     */
    STOP,
    /**
     * Only in a watched body phase ({@link FilterContext#watchRequestBody(int, boolean)}): keep this
     * chunk and call the filter again when the next one arrives, with the body gathered so far
     * (proxy-wasm's StopIterationAndBuffer). Nothing passes to later filters meanwhile. The filter may
     * replace the gathered body, e.g. on the last call; at end of stream BUFFER pauses like STOP.
     * Holding more than the watch's limit fails the request (413 for a request body; a response
     * already started is reset, else 502). Elsewhere it counts as continue.
     */
    BUFFER,
    /** The filter answered the request itself with {@link FilterContext#reply}; nothing after it runs. */
    REPLIED
}
