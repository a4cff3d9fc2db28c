package dev.gatehouse.engine.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where endpoint health events go: a fixed-size ring, written without locks, that each reader
 * follows with its own cursor (as {@link TraceTap} does for traces). Events are rare next to
 * requests, so a small ring holds minutes of them; a reader that falls behind loses the oldest.
 */
public final class HostEventTap {
    private final SequencedRing<HostEvent> ring;

    /** @param capacity rounded up to a power of two, at least 16 */
    public HostEventTap(int capacity) {
        this.ring = new SequencedRing<>(capacity);
    }

    /** Adds an event; never blocks, overwrites the oldest when full. */
    public void publish(HostEvent event) {
        Objects.requireNonNull(event, "event");
        ring.write(ring.claim(), event);
    }

    public long publishedCount() {
        return ring.head();
    }

    /** A reader that starts with the events published from now on. */
    public Reader reader() {
        return new Reader(ring.cursor(ring.head()));
    }

    /** The most recent events still in the ring, oldest first, at most {@code max}. */
    public List<HostEvent> recent(int max) {
        var cursor = ring.cursor(Math.max(0, ring.head() - Math.min(max, ring.capacity())));
        var out = new ArrayList<HostEvent>();
        cursor.drainTo(out, max);
        return out;
    }

    /** One consumer's position; not thread-safe. */
    public static final class Reader {
        private final SequencedRing<HostEvent>.Cursor cursor;

        private Reader(SequencedRing<HostEvent>.Cursor cursor) {
            this.cursor = cursor;
        }

        /** Moves up to {@code max} events published since the last call into {@code out}, oldest first. */
        public int drainTo(List<HostEvent> out, int max) {
            return cursor.drainTo(out, max);
        }

        public long dropped() {
            return cursor.dropped();
        }
    }
}
