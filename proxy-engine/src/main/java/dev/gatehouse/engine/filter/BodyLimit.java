package dev.gatehouse.engine.filter;

/** What happens when a body a filter asked to buffer grows past the limit it gave. */
public enum BodyLimit {
    /** The message is refused: 413 for a request, 502 (upstream response too large) for a response. */
    REJECT,
    /** The message goes on unbuffered and this filter does not see its body (counted and traced). */
    PASS_THROUGH
}
