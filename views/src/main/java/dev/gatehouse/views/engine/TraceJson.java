package dev.gatehouse.views.engine;

import dev.gatehouse.engine.observe.Trace;
import java.util.Objects;

/**
 * A trace as the JSON that {@code GET /tap} and the access log carry: the text as received from a remote
 * engine, or written on demand from an embedded engine's {@link Trace}. Only the detail pane, HAR export
 * and replay read it, so embedded traces are not serialised per request; and a kept {@code Trace} holds
 * its captured bodies as bytes, smaller than their JSON text.
 */
public final class TraceJson {
    private final String text;
    private final Trace trace;

    private TraceJson(String text, Trace trace) {
        this.text = text;
        this.trace = trace;
    }

    public static TraceJson of(String text) {
        return new TraceJson(Objects.requireNonNull(text, "text"), null);
    }

    /** The trace must be complete (published to the tap): it is read, never changed, from here on. */
    public static TraceJson of(Trace trace) {
        return new TraceJson(null, Objects.requireNonNull(trace, "trace"));
    }

    public String text() {
        return text != null ? text : trace.toJson();
    }

    /**
     * Equal when written from the same {@code Trace}, or received as the same text. Never writes the JSON:
     * tables compare their rows' records on every layout.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TraceJson other)) {
            return false;
        }
        return trace != null ? trace == other.trace : text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return trace != null ? System.identityHashCode(trace) : text.hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}
