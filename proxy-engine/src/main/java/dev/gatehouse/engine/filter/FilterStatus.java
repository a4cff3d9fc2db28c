package dev.gatehouse.engine.filter;

/** What a filter phase decided. */
public enum FilterStatus {
    /** Go on with the next filter (and, after the last, the router). */
    CONTINUE,
    /**
     * Pause this request here (request or response headers); the filter does async work and later
     * calls {@link FilterContext#resume()} (or {@link FilterContext#reply}) from any thread; the
     * request continues on its own event loop.
     */
    STOP,
    /** The filter answered the request itself with {@link FilterContext#reply}; nothing after it runs. */
    REPLIED
}
