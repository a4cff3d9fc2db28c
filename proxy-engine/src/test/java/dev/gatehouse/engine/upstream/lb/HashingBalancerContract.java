package dev.gatehouse.engine.upstream.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.upstream.Endpoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What ring hash and Maglev share: stickiness, spread, weights, and small disruption when the
 * endpoint set or health changes. Keys come from {@link HashKeys}, so every run is deterministic;
 * the bounds still leave room for any well-mixed hash.
 */
abstract class HashingBalancerContract {
    static final int KEYS = 50_000;

    abstract LbPolicy policy();

    /** How far an endpoint's share of keys may stray from its weighted share, relative to it. */
    abstract double shareTolerance();

    @Test
    void sameKeyAlwaysReachesTheSameEndpoint() {
        List<Endpoint> endpoints = Endpoints.ofCount(5);
        LoadBalancer balancer = policy().create(endpoints);
        long[] keys = Endpoints.sessionKeys(1_000);

        String[] first = Endpoints.owners(balancer, keys);
        assertThat(Endpoints.owners(balancer, keys)).containsExactly(first);
        // A rebuilt balancer, even over the list in another order, agrees: placement depends on addresses only.
        List<Endpoint> reversed = new ArrayList<>(endpoints);
        Collections.reverse(reversed);
        assertThat(Endpoints.owners(policy().create(reversed), keys)).containsExactly(first);
        assertThat(new HashSet<>(Arrays.asList(first))).hasSize(5);
    }

    @Test
    void spreadsKeysEvenly() {
        assertSharesFollowWeights(Endpoints.ofCount(5));
    }

    @Test
    void honoursWeights() {
        assertSharesFollowWeights(Endpoints.weighted(1, 2, 3, 4));
    }

    @Test
    void removingAnEndpointMovesOnlyItsOwnKeys() {
        List<Endpoint> endpoints = Endpoints.ofCount(5);
        long[] keys = Endpoints.sessionKeys(KEYS);
        String[] before = Endpoints.owners(policy().create(endpoints), keys);
        String removed = endpoints.get(2).authority();
        List<Endpoint> survivors = new ArrayList<>(endpoints);
        survivors.remove(2);
        String[] after = Endpoints.owners(policy().create(survivors), keys);

        int survivorKeys = 0;
        int stayed = 0;
        for (int i = 0; i < keys.length; i++) {
            assertThat(after[i]).isNotNull().isNotEqualTo(removed);
            if (!before[i].equals(removed)) {
                survivorKeys++;
                stayed += before[i].equals(after[i]) ? 1 : 0;
            }
        }
        assertThat((double) stayed / survivorKeys).isGreaterThanOrEqualTo(minimumKeptOnRemoval());
    }

    /** The fraction of keys on surviving endpoints that must stay put when one endpoint is removed. */
    abstract double minimumKeptOnRemoval();

    @Test
    void unhealthyEndpointsKeysMoveAndSpreadWhileOthersStay() {
        List<Endpoint> endpoints = Endpoints.ofCount(5);
        LoadBalancer balancer = policy().create(endpoints);
        long[] keys = Endpoints.sessionKeys(KEYS);
        String[] before = Endpoints.owners(balancer, keys);
        Endpoint down = endpoints.get(2);
        down.setHealthy(false);
        String[] during = Endpoints.owners(balancer, keys);

        Map<String, Integer> movedTo = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            if (before[i].equals(down.authority())) {
                assertThat(during[i]).isNotNull().isNotEqualTo(down.authority());
                movedTo.merge(during[i], 1, Integer::sum);
            } else {
                assertThat(during[i]).isEqualTo(before[i]);
            }
        }
        // The down endpoint's keys are shared out, not dumped on one neighbour.
        int movedKeys = movedTo.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(movedTo).hasSize(4).allSatisfy((owner, n) -> assertThat(n).isGreaterThan(movedKeys / 10));

        down.setHealthy(true);
        assertThat(Endpoints.owners(balancer, keys)).containsExactly(before);
    }

    @Test
    void skipsSeveralUnhealthyEndpoints() {
        List<Endpoint> endpoints = Endpoints.ofCount(5);
        LoadBalancer balancer = policy().create(endpoints);
        for (int i = 0; i < 4; i++) {
            endpoints.get(i).setHealthy(false);
        }
        Set<Endpoint> chosen = new HashSet<>();
        for (long key : Endpoints.sessionKeys(1_000)) {
            chosen.add(balancer.choose(key));
        }
        assertThat(chosen).containsExactly(endpoints.get(4));
    }

    private void assertSharesFollowWeights(List<Endpoint> endpoints) {
        LoadBalancer balancer = policy().create(endpoints);
        Map<String, Integer> counts = new HashMap<>();
        for (String owner : Endpoints.owners(balancer, Endpoints.sessionKeys(KEYS))) {
            counts.merge(owner, 1, Integer::sum);
        }
        long totalWeight = endpoints.stream().mapToInt(Endpoint::weight).sum();
        assertThat(counts).hasSize(endpoints.size());
        for (Endpoint e : endpoints) {
            double expected = (double) KEYS * e.weight() / totalWeight;
            assertThat(counts.get(e.authority()).doubleValue()).as("keys on %s", e)
                    .isBetween(expected * (1 - shareTolerance()), expected * (1 + shareTolerance()));
        }
    }
}
