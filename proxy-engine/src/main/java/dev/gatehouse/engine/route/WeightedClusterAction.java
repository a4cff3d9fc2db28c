package dev.gatehouse.engine.route;

import dev.gatehouse.engine.config.RouteAction;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Splits requests across clusters in proportion to their weights. Picking is a pure function of
 * the random number passed in, so a seeded generator gives a repeatable split in tests; on the
 * event loop pass {@code ThreadLocalRandom.current()}.
 */
public final class WeightedClusterAction implements CompiledAction {
    private final List<RouteAction.WeightedCluster> clusters;
    private final String[] names;
    /** cumulative[i] is the sum of the weights of clusters 0..i: cluster i owns [cumulative[i-1], cumulative[i]). */
    private final int[] cumulative;
    private final int totalWeight;

    private WeightedClusterAction(List<RouteAction.WeightedCluster> clusters, String[] names, int[] cumulative) {
        this.clusters = clusters;
        this.names = names;
        this.cumulative = cumulative;
        this.totalWeight = cumulative[cumulative.length - 1];
    }

    static WeightedClusterAction compile(RouteAction.WeightedClusters config) {
        List<RouteAction.WeightedCluster> clusters = config.clusters();
        if (clusters.isEmpty()) {
            throw new IllegalArgumentException("weighted_clusters is empty");
        }
        String[] names = new String[clusters.size()];
        int[] cumulative = new int[clusters.size()];
        long sum = 0;
        for (int i = 0; i < names.length; i++) {
            RouteAction.WeightedCluster cluster = clusters.get(i);
            if (cluster.weight() < 0) {
                throw new IllegalArgumentException("weighted_clusters[" + i + "] has a negative weight: " + cluster.weight());
            }
            sum += cluster.weight();
            if (sum > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("weighted_clusters weights add up to more than " + Integer.MAX_VALUE);
            }
            names[i] = cluster.cluster();
            cumulative[i] = (int) sum;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("weighted_clusters weights add up to 0");
        }
        return new WeightedClusterAction(clusters, names, cumulative);
    }

    /**
     * The cluster that owns {@code randomBelowTotalWeight}; clusters own consecutive ranges as
     * wide as their weights, in declared order, so a weight of 0 is never picked.
     *
     * @param randomBelowTotalWeight uniform in {@code [0, totalWeight())}
     */
    public String pick(int randomBelowTotalWeight) {
        if (randomBelowTotalWeight < 0 || randomBelowTotalWeight >= totalWeight) {
            throw new IllegalArgumentException("random must be in [0, " + totalWeight + "): " + randomBelowTotalWeight);
        }
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] > randomBelowTotalWeight) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return names[low];
    }

    /** Picks with one draw from {@code random}. */
    public String pick(RandomGenerator random) {
        return pick(random.nextInt(totalWeight));
    }

    public int totalWeight() {
        return totalWeight;
    }

    public List<RouteAction.WeightedCluster> clusters() {
        return clusters;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("weighted_clusters ");
        for (int i = 0; i < names.length; i++) {
            out.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(clusters.get(i).weight());
        }
        return out.toString();
    }
}
