package dev.gatehouse.engine.observe;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Where endpoint health events go: a fixed-size ring, written without locks, that each reader
 * follows with its own cursor (as {@link TraceTap} does for traces). Events are rare next to
 * requests, so a small ring holds minutes of them; a reader that falls behind loses the oldest.
 */
public final class HostEventTap {
    private record Slot(long sequence, HostEvent event) {
    }

    private final AtomicReferenceArray<Slot> ring;
    private final int mask;
    private final AtomicLong next = new AtomicLong();

    /** @param capacity rounded up to a power of two, at least 16 */
    public HostEventTap(int capacity) {
        int size = Integer.highestOneBit(Math.max(16, capacity) - 1) << 1;
        this.ring = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    /** Adds an event; never blocks, overwrites the oldest when full. */
    public void publish(HostEvent event) {
        Objects.requireNonNull(event, "event");
        long sequence = next.getAndIncrement();
        ring.lazySet((int) (sequence & mask), new Slot(sequence, event));
    }

    public long publishedCount() {
        return next.get();
    }

    /** A reader that starts with the events published from now on. */
    public Reader reader() {
        return new Reader(next.get());
    }

    /** The most recent events still in the ring, oldest first, at most {@code max}. */
    public List<HostEvent> recent(int max) {
        var reader = new Reader(Math.max(0, next.get() - Math.min(max, ring.length())));
        var out = new java.util.ArrayList<HostEvent>();
        reader.drainTo(out, max);
        return out;
    }

    /** One consumer's position; not thread-safe. */
    public final class Reader {
        private long cursor;
        private long dropped;

        private Reader(long start) {
            this.cursor = start;
        }

        /** Moves up to {@code max} events published since the last call into {@code out}, oldest first. */
        public int drainTo(List<HostEvent> out, int max) {
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
                    break; // claimed but not yet written
                }
                if (slot.sequence() > cursor) {
                    dropped++;
                } else {
                    out.add(slot.event());
                    added++;
                }
                cursor++;
            }
            return added;
        }

        public long dropped() {
            return dropped;
        }
    }
}
