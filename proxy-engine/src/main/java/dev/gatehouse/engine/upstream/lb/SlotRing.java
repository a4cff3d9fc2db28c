package dev.gatehouse.engine.upstream.lb;

import dev.gatehouse.engine.upstream.Endpoint;
import java.util.List;
import java.util.function.Predicate;

/**
 * The circular table of endpoints that both hashing policies look keys up in: ring hash maps a key
 * to the first ring point at or after it, Maglev to a slot by modulo. Either way, when that slot's
 * endpoint is unhealthy the key walks forward to the next slot whose endpoint is healthy. Slots
 * alternate between endpoints roughly at random, so a down endpoint's keys spread over the others
 * in proportion to their share, while every other key stays where it was.
 */
final class SlotRing {
    private final Endpoint[] slots;
    private final Endpoint[] members;
    private final Predicate<Endpoint> usable;

    /** @param usable what "healthy" means: {@link Endpoint#isHealthy()}, or "not drained" in panic */
    SlotRing(Endpoint[] slots, List<Endpoint> members, Predicate<Endpoint> usable) {
        this.slots = slots;
        this.members = members.toArray(new Endpoint[0]);
        this.usable = usable;
    }

    int size() {
        return slots.length;
    }

    /** The endpoint at {@code slot}, or the next healthy one clockwise; null when none is healthy. */
    Endpoint healthyFrom(int slot) {
        Endpoint owner = slots[slot];
        if (usable.test(owner)) {
            return owner;
        }
        // Without this check a fully unhealthy cluster would cost a walk around the whole table.
        if (!anyHealthy()) {
            return null;
        }
        for (int step = 1; step < slots.length; step++) {
            owner = slots[(slot + step) % slots.length];
            if (usable.test(owner)) {
                return owner;
            }
        }
        return null; // every endpoint went down during the walk
    }

    private boolean anyHealthy() {
        for (Endpoint e : members) {
            if (usable.test(e)) {
                return true;
            }
        }
        return false;
    }
}
