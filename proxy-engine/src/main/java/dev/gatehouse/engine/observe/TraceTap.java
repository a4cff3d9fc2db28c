package dev.gatehouse.engine.observe;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

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
    private record Slot(long sequence, Trace trace) {
    }

    private final AtomicReferenceArray<Slot> ring;
    private final int mask;
    private final AtomicLong next = new AtomicLong();
    private final LongAdder published = new LongAdder();
    private final AtomicInteger openReaders = new AtomicInteger();

    /** @param capacity rounded up to a power of two, at least 16 */
    public TraceTap(int capacity) {
        int size = Integer.highestOneBit(Math.max(16, capacity) - 1) << 1;
        this.ring = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    public int capacity() {
        return ring.length();
    }

    /** Adds a completed trace; never blocks, overwrites the oldest entry when the ring is full. */
    public void publish(Trace trace) {
        long sequence = next.getAndIncrement();
        published.increment();
        // A reader that opened before this sequence was taken is seen here: reader() counts itself
        // before it reads its start, and sequences it can wait for are taken after that.
        if (openReaders.get() > 0) {
            ring.lazySet((int) (sequence & mask), new Slot(sequence, trace));
        }
    }

    public long publishedCount() {
        return published.sum();
    }

    /** A reader that starts with the traces published from now on; close it when done. */
    public Reader reader() {
        openReaders.incrementAndGet();
        return new Reader(next.get());
    }

    /** Ring slots holding a trace (for tests of what the tap keeps). */
    int slotsInUse() {
        int used = 0;
        for (int i = 0; i < ring.length(); i++) {
            used += ring.get(i) == null ? 0 : 1;
        }
        return used;
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
        private long cursor;
        private long dropped;
        private boolean closed;

        private Reader(long start) {
            this.cursor = start;
        }

        /**
         * Moves up to {@code max} traces published since the last call into {@code out}, oldest first.
         *
         * @return how many were added
         */
        public int drainTo(List<Trace> out, int max) {
            Objects.requireNonNull(out, "out");
            long head = next.get();
            if (head - cursor > ring.length()) {
                long skipped = head - cursor - ring.length();
                dropped += skipped;
                cursor += skipped;
            }
            int added = 0;
            while (cursor < head && added < max) {
                Slot slot = ring.get((int) (cursor & mask));
                if (slot == null || slot.sequence() < cursor) {
                    break; // claimed but not yet written: pick it up next time
                }
                if (slot.sequence() > cursor) {
                    dropped++; // overwritten while we read
                } else {
                    out.add(slot.trace());
                    added++;
                }
                cursor++;
            }
            return added;
        }

        /** Traces this reader never saw because it fell behind. */
        public long dropped() {
            return dropped;
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
