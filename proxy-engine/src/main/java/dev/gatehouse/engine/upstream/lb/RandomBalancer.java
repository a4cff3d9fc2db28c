package dev.gatehouse.engine.upstream.lb;

import dev.gatehouse.engine.upstream.Endpoint;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link LbPolicy#RANDOM}: a random healthy endpoint, each chosen with probability proportional to
 * its weight (uniform when the weights are equal). No shared state is written, so picks never
 * contend.
 */
final class RandomBalancer implements LoadBalancer {
    private final HealthyView<WeightedMembers> healthy;

    RandomBalancer(List<Endpoint> endpoints, Predicate<Endpoint> usable) {
        this.healthy = new HealthyView<>(endpoints, WeightedMembers::new, usable);
    }

    @Override
    public Endpoint choose(long hash) {
        WeightedMembers current = healthy.current();
        return current == null ? null : current.at(ThreadLocalRandom.current().nextLong(current.totalWeight()));
    }

    @Override
    public String toString() {
        return "RandomBalancer";
    }

    /** The healthy endpoints laid end to end on a line as long as their total weight. */
    private static final class WeightedMembers {
        private final Endpoint[] members;
        private final long[] endsAt;

        WeightedMembers(Endpoint[] members) {
            this.members = members;
            this.endsAt = new long[members.length];
            long sum = 0;
            for (int i = 0; i < members.length; i++) {
                sum += members[i].weight();
                endsAt[i] = sum;
            }
        }

        long totalWeight() {
            return endsAt[endsAt.length - 1];
        }

        /** The endpoint whose stretch of the line covers {@code point}. */
        Endpoint at(long point) {
            int found = Arrays.binarySearch(endsAt, point);
            // An exact hit is where stretch i ends, so the point belongs to the next one.
            return members[found >= 0 ? found + 1 : -found - 1];
        }
    }
}
