package dev.gatehouse.engine.upstream.lb;

import dev.gatehouse.engine.upstream.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@link LbPolicy#MAGLEV}: the lookup table of Eisenbud et al., "Maglev: A Fast and Reliable
 * Software Network Load Balancer" (NSDI 2016). A key goes to slot {@code key mod M}, a constant-time
 * lookup, and the table is filled so that endpoints hold near-equal shares of slots (scaled by
 * weight) and a change of endpoints moves few keys.
 *
 * <p>Each endpoint's preference list is the permutation {@code (offset + j * skip) mod M}, with
 * {@code offset} and {@code skip} from two independent hashes of its authority; {@code M} is prime,
 * so every permutation visits every slot. Endpoints take turns claiming their next free preferred
 * slot. With weights, an endpoint takes a turn in round {@code r} only when
 * {@code floor((r + 1) * w / maxW)} exceeds {@code floor(r * w / maxW)}, giving it {@code w / maxW}
 * of the turns, spread evenly over the rounds.
 *
 * <p>The table is built over all endpoints, healthy or not, so a health flip never moves healthy
 * endpoints' keys: a key whose slot holds an unhealthy endpoint walks forward to the next slot with
 * a healthy one (see {@link SlotRing}).
 */
final class MaglevBalancer implements LoadBalancer {
    private static final long OFFSET_SEED = 0;
    private static final long SKIP_SEED = 0x5EED_5EED_5EED_5EEDL;

    private final SlotRing table;

    MaglevBalancer(List<Endpoint> endpoints, int tableSize, Predicate<Endpoint> usable) {
        if (endpoints.size() > tableSize) {
            throw new IllegalArgumentException("maglev table of " + tableSize + " slots cannot hold "
                    + endpoints.size() + " endpoints");
        }
        this.table = new SlotRing(endpoints.isEmpty() ? new Endpoint[0] : fill(endpoints, tableSize), endpoints, usable);
    }

    @Override
    public Endpoint choose(long hash) {
        int size = table.size();
        return size == 0 ? null : table.healthyFrom((int) Long.remainderUnsigned(hash, size));
    }

    private static Endpoint[] fill(List<Endpoint> endpoints, int size) {
        int n = endpoints.size();
        long[] next = new long[n]; // each endpoint's next preferred slot
        long[] skip = new long[n];
        long maxWeight = 0;
        for (int i = 0; i < n; i++) {
            byte[] name = endpoints.get(i).authority().getBytes(StandardCharsets.UTF_8);
            next[i] = Long.remainderUnsigned(HashKeys.hash(name, OFFSET_SEED), size);
            skip[i] = Long.remainderUnsigned(HashKeys.hash(name, SKIP_SEED), size - 1) + 1;
            maxWeight = Math.max(maxWeight, endpoints.get(i).weight());
        }
        Endpoint[] slots = new Endpoint[size];
        int filled = 0;
        for (long round = 0; filled < size; round++) {
            for (int i = 0; i < n && filled < size; i++) {
                long weight = endpoints.get(i).weight();
                if ((round + 1) * weight / maxWeight == round * weight / maxWeight) {
                    continue; // not this endpoint's turn in this round
                }
                long slot = next[i];
                while (slots[(int) slot] != null) {
                    slot = (slot + skip[i]) % size;
                }
                slots[(int) slot] = endpoints.get(i);
                next[i] = (slot + skip[i]) % size;
                filled++;
            }
        }
        return slots;
    }

    @Override
    public String toString() {
        return "MaglevBalancer[" + table.size() + " slots]";
    }
}
