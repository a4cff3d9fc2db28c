package dev.gatehouse.engine.upstream.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.upstream.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightedRoundRobinBalancerTest {
    @Test
    void honoursWeightsExactlyOverFullCycles() {
        List<Endpoint> endpoints = Endpoints.weighted(5, 1, 1);
        LoadBalancer balancer = LbPolicy.WEIGHTED_ROUND_ROBIN.create(endpoints);

        assertThat(Endpoints.countPicks(balancer, 7_000)).containsOnly(
                Map.entry(endpoints.get(0), 5_000), Map.entry(endpoints.get(1), 1_000), Map.entry(endpoints.get(2), 1_000));
    }

    @Test
    void interleavesTurnsInsteadOfBursts() {
        List<Endpoint> endpoints = Endpoints.weighted(5, 1, 1);
        LoadBalancer balancer = LbPolicy.WEIGHTED_ROUND_ROBIN.create(endpoints);
        Endpoint heavy = endpoints.get(0);

        List<Endpoint> picks = picks(balancer, 70);
        int longestHeavyRun = 0;
        for (int i = 0, run = 0; i < picks.size(); i++) {
            run = picks.get(i) == heavy ? run + 1 : 0;
            longestHeavyRun = Math.max(longestHeavyRun, run);
            if (i > 0 && picks.get(i) != heavy) {
                assertThat(picks.get(i - 1)).as("light endpoints back to back at pick %d", i).isSameAs(heavy);
            }
        }
        // A A A A A B C in bursts gives a run of 5 (7 across cycles); interleaved, never more than 3.
        assertThat(longestHeavyRun).isEqualTo(3);
    }

    @Test
    void threeToOneSpreadsTheLightEndpoint() {
        List<Endpoint> endpoints = Endpoints.weighted(3, 1);
        Endpoint a = endpoints.get(0);
        Endpoint b = endpoints.get(1);
        assertThat(picks(LbPolicy.WEIGHTED_ROUND_ROBIN.create(endpoints), 8)).containsExactly(a, a, a, b, a, a, a, b);
    }

    @Test
    void equalWeightsAreReducedToPlainRoundRobin() {
        List<Endpoint> endpoints = Endpoints.weighted(4, 4, 4);
        assertThat(picks(LbPolicy.WEIGHTED_ROUND_ROBIN.create(endpoints), 6)).containsExactly(
                endpoints.get(0), endpoints.get(1), endpoints.get(2), endpoints.get(0), endpoints.get(1), endpoints.get(2));
    }

    @Test
    void keepsExactRatiosAmongHealthyEndpoints() {
        List<Endpoint> endpoints = Endpoints.weighted(5, 1, 1);
        LoadBalancer balancer = LbPolicy.WEIGHTED_ROUND_ROBIN.create(endpoints);
        endpoints.get(1).setHealthy(false);

        assertThat(Endpoints.countPicks(balancer, 6_000))
                .containsOnly(Map.entry(endpoints.get(0), 5_000), Map.entry(endpoints.get(2), 1_000));
    }

    @Test
    void scalesHugeWeightsIntoABoundedCycle() {
        Endpoint[] members = Endpoints.weighted(1_000_000, 999_999, 1).toArray(new Endpoint[0]);
        Endpoint[] cycle = WeightedRoundRobinBalancer.cycle(members);

        assertThat(cycle.length).isBetween(WeightedRoundRobinBalancer.MAX_CYCLE - 3, WeightedRoundRobinBalancer.MAX_CYCLE + 3);
        assertThat(cycle).contains(members[2]);
    }

    private static List<Endpoint> picks(LoadBalancer balancer, int count) {
        List<Endpoint> picks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            picks.add(balancer.choose(0));
        }
        return picks;
    }
}
