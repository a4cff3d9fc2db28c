package dev.gatehouse.engine.observe;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A fixed-size ring that writers fill without locks or waiting and that each reader follows with
 * its own cursor. Every item takes the next sequence number; a reader more than a ring behind skips
 * what was overwritten and counts it as dropped. Memory is bounded by the ring size whatever the
 * writers or the readers do. The taps of traces and of endpoint events are built on it.
 */
final class SequencedRing<T> {
    private record Slot<T>(long sequence, T item) {
    }

    private final AtomicReferenceArray<Slot<T>> slots;
    private final int mask;
    private final AtomicLong next = new AtomicLong();

    /** @param capacity rounded up to a power of two, at least 16 */
    SequencedRing(int capacity) {
        int size = Integer.highestOneBit(Math.max(16, capacity) - 1) << 1;
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    int capacity() {
        return slots.length();
    }

    /** Takes the next sequence number; the item may then be {@linkplain #write written} or left out. */
    long claim() {
        return next.getAndIncrement();
    }

    /** Stores an item under its claimed sequence, overwriting the item a ring earlier. */
    void write(long sequence, T item) {
        slots.lazySet((int) (sequence & mask), new Slot<>(sequence, item));
    }

    /** The sequence the next claim will take. */
    long head() {
        return next.get();
    }

    int slotsInUse() {
        int used = 0;
        for (int i = 0; i < slots.length(); i++) {
            used += slots.get(i) == null ? 0 : 1;
        }
        return used;
    }

    /** A cursor that reads from sequence {@code start} on. */
    Cursor cursor(long start) {
        return new Cursor(start);
    }

    /** One reader's position. Not thread-safe: each cursor belongs to one thread at a time. */
    final class Cursor {
        private long position;
        private long dropped;

        private Cursor(long start) {
            this.position = start;
        }

        /** Moves up to {@code max} items written since the last call into {@code out}, oldest first. */
        int drainTo(List<? super T> out, int max) {
            long head = next.get();
            if (head - position > slots.length()) {
                long skipped = head - position - slots.length();
                dropped += skipped;
                position += skipped;
            }
            int added = 0;
            while (position < head && added < max) {
                Slot<T> slot = slots.get((int) (position & mask));
                if (slot == null || slot.sequence() < position) {
                    break; // claimed but not yet written: pick it up next time
                }
                if (slot.sequence() > position) {
                    dropped++; // overwritten while we read
                } else {
                    out.add(slot.item());
                    added++;
                }
                position++;
            }
            return added;
        }

        long dropped() {
            return dropped;
        }
    }
}
