package dev.gatehouse.engine.upstream.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.upstream.Endpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastRequestBalancerTest {
    @Test
    void prefersTheIdleEndpoint() {
        List<Endpoint> endpoints = Endpoints.ofCount(2);
        start(endpoints.get(0), 5);
        LoadBalancer balancer = LbPolicy.LEAST_REQUEST.create(endpoints);

        assertThat(Endpoints.countPicks(balancer, 1_000)).containsOnly(Map.entry(endpoints.get(1), 1_000));
    }

    @Test
    void neverPicksTheBusiestWhenEveryPairHasALighterOne() {
        List<Endpoint> endpoints = Endpoints.ofCount(4);
        start(endpoints.get(2), 3);
        LoadBalancer balancer = LbPolicy.LEAST_REQUEST.create(endpoints);

        Map<Endpoint, Integer> counts = Endpoints.countPicks(balancer, 6_000);
        assertThat(counts).doesNotContainKey(endpoints.get(2));
        // The three idle endpoints share the traffic, a third each.
        assertThat(counts).hasSize(3).allSatisfy((e, n) -> assertThat(n).isBetween(1_600, 2_400));
    }

    @Test
    void followsLoadAsRequestsStartAndFinish() {
        List<Endpoint> endpoints = Endpoints.ofCount(2);
        LoadBalancer balancer = LbPolicy.LEAST_REQUEST.create(endpoints);
        start(endpoints.get(1), 2);
        assertThat(balancer.choose(0)).isSameAs(endpoints.get(0));

        start(endpoints.get(0), 4);
        assertThat(balancer.choose(0)).isSameAs(endpoints.get(1));

        endpoints.get(0).requestFinished(false);
        endpoints.get(0).requestFinished(false);
        endpoints.get(0).requestFinished(false);
        assertThat(balancer.choose(0)).isSameAs(endpoints.get(0));
    }

    @Test
    void weighsActiveRequestsByWeight() {
        List<Endpoint> endpoints = Endpoints.weighted(3, 1);
        Endpoint heavy = endpoints.get(0);
        Endpoint light = endpoints.get(1);
        LoadBalancer balancer = LbPolicy.LEAST_REQUEST.create(endpoints);

        // (0 + 1) / 3 < (0 + 1) / 1: idle, the heavier endpoint wins.
        assertThat(balancer.choose(0)).isSameAs(heavy);
        // (2 + 1) / 3 < (1 + 1) / 1: more requests, but fewer per unit of weight.
        start(heavy, 2);
        start(light, 1);
        assertThat(Endpoints.countPicks(balancer, 100)).containsOnly(Map.entry(heavy, 100));
        // (6 + 1) / 3 > (1 + 1) / 1.
        start(heavy, 4);
        assertThat(Endpoints.countPicks(balancer, 100)).containsOnly(Map.entry(light, 100));
    }

    private static void start(Endpoint endpoint, int requests) {
        for (int i = 0; i < requests; i++) {
            endpoint.requestStarted();
        }
    }
}
