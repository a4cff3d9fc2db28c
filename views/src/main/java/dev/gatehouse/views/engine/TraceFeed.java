package dev.gatehouse.views.engine;

import java.util.List;

/**
 * A bounded source of completed traces that the UI drains in batches at a fixed rate. Traces that
 * arrive faster than they are drained are dropped and counted, never queued without bound.
 */
public interface TraceFeed extends AutoCloseable {
    /** Moves up to {@code max} waiting traces into {@code out}, oldest first; returns how many. */
    int drainTo(List<TraceRecord> out, int max);

    /** Traces lost so far because this reader fell behind. */
    long dropped();

    @Override
    void close();
}
