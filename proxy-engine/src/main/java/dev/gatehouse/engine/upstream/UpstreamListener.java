package dev.gatehouse.engine.upstream;

import io.netty.handler.codec.http.HttpObject;

/**
 * Whoever is using an upstream connection right now (one request exchange at a time). All calls
 * arrive on the connection's event loop.
 */
public interface UpstreamListener {
    /** A response part arrived; the listener owns (and must release) it. */
    void upstreamRead(HttpObject msg);

    /** The end of one read batch: a good moment to flush what was passed on. */
    void upstreamReadComplete();

    /** The connection's writability changed (back-pressure from the upstream socket). */
    void upstreamWritabilityChanged(boolean writable);

    /** The connection closed or failed; {@code cause} may be null for a plain close. */
    void upstreamClosed(Throwable cause);
}
