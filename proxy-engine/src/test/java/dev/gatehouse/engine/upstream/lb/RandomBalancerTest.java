package dev.gatehouse.engine.upstream.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.upstream.Endpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bounds are about 8 standard deviations wide, so a correct balancer does not fail by chance. */
class RandomBalancerTest {
    @Test
    void spreadsUniformlyOverEqualWeights() {
        List<Endpoint> endpoints = Endpoints.ofCount(4);
        Map<Endpoint, Integer> counts = Endpoints.countPicks(LbPolicy.RANDOM.create(endpoints), 100_000);

        assertThat(counts).hasSize(4).allSatisfy((e, n) -> assertThat(n).isBetween(23_900, 26_100));
    }

    @Test
    void picksInProportionToWeight() {
        List<Endpoint> endpoints = Endpoints.weighted(1, 3, 6);
        Map<Endpoint, Integer> counts = Endpoints.countPicks(LbPolicy.RANDOM.create(endpoints), 100_000);

        assertThat(counts.get(endpoints.get(0))).isBetween(9_200, 10_800);
        assertThat(counts.get(endpoints.get(1))).isBetween(28_800, 31_200);
        assertThat(counts.get(endpoints.get(2))).isBetween(58_700, 61_300);
    }

    @Test
    void redistributesAnUnhealthyEndpointsShare() {
        List<Endpoint> endpoints = Endpoints.weighted(1, 3, 6);
        LoadBalancer balancer = LbPolicy.RANDOM.create(endpoints);
        endpoints.get(2).setHealthy(false);
        Map<Endpoint, Integer> counts = Endpoints.countPicks(balancer, 100_000);

        assertThat(counts).containsOnlyKeys(endpoints.get(0), endpoints.get(1));
        assertThat(counts.get(endpoints.get(0))).isBetween(23_500, 26_500);
    }
}
