package dev.gatehouse.engine.upstream.lb;

import dev.gatehouse.engine.upstream.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@link LbPolicy#RING_HASH}: Karger et al.'s consistent hashing. Each endpoint places virtual
 * nodes on a ring of 64-bit points in proportion to its weight; a key belongs to the first point at
 * or after it (wrapping around), found by binary search.
 *
 * <p>A point is the hash of {@code "<authority>_<n>"}, so it depends only on the endpoint's own
 * address, and list order does not matter. How many points an endpoint gets should not depend on
 * the other endpoints either, or removing one endpoint would add points to the survivors and move
 * keys between them (sizing by {@code ringMinSize / totalWeight} alone moves about 15% of the
 * survivors' keys when one of five endpoints goes). So the heaviest endpoint gets
 * {@value #NODES_FOR_HEAVIEST} points and the others proportionally fewer, which changes only when
 * the heaviest weight does. {@code ringMinSize} raises that for clusters too small to fill the ring
 * (with the defaults, fewer than four equal endpoints), and {@code ringMaxSize} scales everything
 * down when the weights are many and varied.
 */
final class RingHashBalancer implements LoadBalancer {
    /** Points of the heaviest endpoint: keeps each share of keys within about 10% of its weight. */
    static final long NODES_FOR_HEAVIEST = 256;

    private final long[] points;
    private final SlotRing owners;

    RingHashBalancer(List<Endpoint> endpoints, int ringMinSize, int ringMaxSize) {
        this(endpoints, ringMinSize, ringMaxSize, Endpoint::isHealthy);
    }

    RingHashBalancer(List<Endpoint> endpoints, int ringMinSize, int ringMaxSize, Predicate<Endpoint> usable) {
        List<Point> ring = points(endpoints, ringMinSize, ringMaxSize);
        // Unsigned order is the natural circle of 64-bit hashes; equal points (rare) fall back to
        // the authority so the owner does not depend on list order.
        ring.sort(Comparator.comparing(Point::hash, Long::compareUnsigned)
                .thenComparing(p -> p.owner().authority()));
        this.points = new long[ring.size()];
        Endpoint[] slots = new Endpoint[ring.size()];
        for (int i = 0; i < points.length; i++) {
            points[i] = ring.get(i).hash();
            slots[i] = ring.get(i).owner();
        }
        this.owners = new SlotRing(slots, endpoints, usable);
    }

    @Override
    public Endpoint choose(long hash) {
        return points.length == 0 ? null : owners.healthyFrom(firstAtOrAfter(hash));
    }

    /** Entries on the ring, for tests. */
    int ringSize() {
        return points.length;
    }

    private int firstAtOrAfter(long hash) {
        int low = 0;
        int high = points.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (Long.compareUnsigned(points[mid], hash) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low == points.length ? 0 : low;
    }

    private static List<Point> points(List<Endpoint> endpoints, int ringMinSize, int ringMaxSize) {
        long totalWeight = 0;
        long maxWeight = 0;
        for (Endpoint e : endpoints) {
            totalWeight += e.weight();
            maxWeight = Math.max(maxWeight, e.weight());
        }
        long[] nodes = new long[endpoints.size()];
        long ringSize = 0;
        for (int i = 0; i < nodes.length; i++) {
            long weight = endpoints.get(i).weight();
            nodes[i] = Math.max(ceilDiv(NODES_FOR_HEAVIEST * weight, maxWeight), ceilDiv(ringMinSize * weight, totalWeight));
            ringSize += nodes[i];
        }
        if (ringSize > ringMaxSize) {
            for (int i = 0; i < nodes.length; i++) {
                nodes[i] = Math.max(1, ringMaxSize * endpoints.get(i).weight() / totalWeight);
            }
        }
        List<Point> ring = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            Endpoint e = endpoints.get(i);
            for (long n = 0; n < nodes[i]; n++) {
                byte[] name = (e.authority() + "_" + n).getBytes(StandardCharsets.UTF_8);
                ring.add(new Point(HashKeys.hash(name), e));
            }
        }
        return ring;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    @Override
    public String toString() {
        return "RingHashBalancer[" + points.length + " points]";
    }

    private record Point(long hash, Endpoint owner) {
    }
}
