package dev.gatehouse.engine.observe;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where completed traces go: a fixed-size ring that event loops write into without locks or
 * waiting. Every reader (access log, {@code GET /tap}, the workbench) keeps its own cursor; a reader
 * that falls more than a ring behind skips what was overwritten and counts it as dropped. Memory is
 * bounded by the ring size whatever the traffic or the readers do.
 *
 * <p>While no reader is open, traces are counted but not kept: a reader only ever sees traces
 * published after it opened, so keeping them would change nothing but the garbage collector's work
 * (a full ring of recent traces survives every young collection and is copied each time).
 */
public final class TraceTap {
    private final SequencedRing<Trace> ring;
    private final AtomicInteger openReaders = new AtomicInteger();

    /** @param capacity rounded up to a power of two, at least 16 */
    public TraceTap(int capacity) {
        this.ring = new SequencedRing<>(capacity);
    }

    public int capacity() {
        return ring.capacity();
    }

    /** Adds a completed trace; never blocks, overwrites the oldest entry when the ring is full. */
    public void publish(Trace trace) {
        long sequence = ring.claim();
        // A reader that opened before this sequence was taken is seen here: reader() counts itself
        // before it reads its start, and sequences it can wait for are taken after that.
        if (openReaders.get() > 0) {
            ring.write(sequence, trace);
        }
    }

    public long publishedCount() {
        return ring.head(); // every trace claims a sequence, kept or not
    }

    /** A reader that starts with the traces published from now on; close it when done. */
    public Reader reader() {
        openReaders.incrementAndGet();
        return new Reader(ring.cursor(ring.head()));
    }

    /** Ring slots holding a trace (for tests of what the tap keeps). */
    int slotsInUse() {
        return ring.slotsInUse();
    }

    /** Readers opened and not yet closed. */
    public int openReaders() {
        return openReaders.get();
    }

    /**
     * One consumer's position in the ring. Not thread-safe: each reader belongs to one thread (or one
     * event loop) at a time.
     */
    public final class Reader implements AutoCloseable {
        private final SequencedRing<Trace>.Cursor cursor;
        private boolean closed;

        private Reader(SequencedRing<Trace>.Cursor cursor) {
            this.cursor = cursor;
        }

        /**
         * Moves up to {@code max} traces published since the last call into {@code out}, oldest first.
         *
         * @return how many were added
         */
        public int drainTo(List<Trace> out, int max) {
            Objects.requireNonNull(out, "out");
            return cursor.drainTo(out, max);
        }

        /** Traces this reader never saw because it fell behind. */
        public long dropped() {
            return cursor.dropped();
        }

        /** Stops reading; when the last reader closes, the tap stops keeping traces. Idempotent. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                openReaders.decrementAndGet();
            }
        }
    }
}
