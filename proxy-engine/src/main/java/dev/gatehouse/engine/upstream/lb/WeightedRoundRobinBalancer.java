package dev.gatehouse.engine.upstream.lb;

import dev.gatehouse.engine.upstream.Endpoint;
import java.util.List;
import java.util.function.Predicate;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link LbPolicy#WEIGHTED_ROUND_ROBIN}: round robin over a precomputed cycle in which each healthy
 * endpoint appears as often as its weight, spread out rather than in bursts.
 *
 * <p>The cycle orders every turn by a deadline, earliest first: endpoint {@code i} of {@code n}
 * with weight {@code w} has its {@code k}-th turn due at {@code (k + (i + 1/2) / n) / w}. Each
 * endpoint's turns are thus evenly spaced, and the per-endpoint phase keeps endpoints of equal
 * weight from falling due together (weights 5:1:1 give A A A B A A C, not A A A B C A A). The cycle
 * is rebuilt over the healthy endpoints whenever health changes, so the ratios stay exact among
 * those that are up. A shared counter indexes it, so picks need no lock.
 */
final class WeightedRoundRobinBalancer implements LoadBalancer {
    /** Longer cycles are scaled down, making the ratios approximate rather than using unbounded memory. */
    static final int MAX_CYCLE = 1 << 16;

    private final HealthyView<Endpoint[]> cycle;
    private final AtomicLong next = new AtomicLong();

    WeightedRoundRobinBalancer(List<Endpoint> endpoints, Predicate<Endpoint> usable) {
        this.cycle = new HealthyView<>(endpoints, WeightedRoundRobinBalancer::cycle, usable);
    }

    @Override
    public Endpoint choose(long hash) {
        Endpoint[] turns = cycle.current();
        return turns == null ? null : turns[Math.floorMod(next.getAndIncrement(), turns.length)];
    }

    static Endpoint[] cycle(Endpoint[] members) {
        int n = members.length;
        long[] weights = turnsPerCycle(members);
        long total = 0;
        for (long w : weights) {
            total += w;
        }
        // Scaled by 2n, the k-th deadline of endpoint i is (2nk + 2i + 1) / w_i: integer numerators,
        // compared by cross-multiplying, so ties are exact and broken by list order.
        long[] numerator = new long[n];
        int[] turnsTaken = new int[n];
        PriorityQueue<Integer> due = new PriorityQueue<>(n, (a, b) -> {
            int byDeadline = Long.compare(numerator[a] * weights[b], numerator[b] * weights[a]);
            return byDeadline != 0 ? byDeadline : Integer.compare(a, b);
        });
        for (int i = 0; i < n; i++) {
            numerator[i] = 2L * i + 1;
            due.add(i);
        }
        Endpoint[] turns = new Endpoint[(int) total];
        for (int t = 0; t < turns.length; t++) {
            int i = due.poll();
            turns[t] = members[i];
            if (++turnsTaken[i] < weights[i]) {
                numerator[i] += 2L * n;
                due.add(i);
            }
        }
        return turns;
    }

    /** Weights divided by their common divisor, then scaled down if the cycle would exceed {@link #MAX_CYCLE}. */
    private static long[] turnsPerCycle(Endpoint[] members) {
        long gcd = 0;
        for (Endpoint e : members) {
            gcd = gcd(gcd, e.weight());
        }
        long[] weights = new long[members.length];
        long total = 0;
        for (int i = 0; i < members.length; i++) {
            weights[i] = members[i].weight() / gcd;
            total += weights[i];
        }
        if (total > MAX_CYCLE) {
            for (int i = 0; i < weights.length; i++) {
                weights[i] = Math.max(1, weights[i] * MAX_CYCLE / total);
            }
        }
        return weights;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long r = a % b;
            a = b;
            b = r;
        }
        return a;
    }

    @Override
    public String toString() {
        return "WeightedRoundRobinBalancer";
    }
}
