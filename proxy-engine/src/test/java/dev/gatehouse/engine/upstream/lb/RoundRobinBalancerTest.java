package dev.gatehouse.engine.upstream.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.upstream.Endpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RoundRobinBalancerTest {
    @Test
    void visitsEveryEndpointOncePerCycleInListOrder() {
        List<Endpoint> endpoints = Endpoints.ofCount(3);
        LoadBalancer balancer = LbPolicy.ROUND_ROBIN.create(endpoints);

        List<Endpoint> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picks.add(balancer.choose(0));
        }
        assertThat(picks).containsExactly(endpoints.get(0), endpoints.get(1), endpoints.get(2),
                endpoints.get(0), endpoints.get(1), endpoints.get(2));
    }

    @Test
    void sharesEvenlyAmongHealthyEndpointsWhenOneIsDown() {
        // Skipping to the next endpoint would hand the down endpoint's turns to its neighbour (1/3 vs 2/3).
        List<Endpoint> endpoints = Endpoints.ofCount(3);
        endpoints.get(1).setHealthy(false);
        LoadBalancer balancer = LbPolicy.ROUND_ROBIN.create(endpoints);

        assertThat(Endpoints.countPicks(balancer, 1_000))
                .containsOnly(Map.entry(endpoints.get(0), 500), Map.entry(endpoints.get(2), 500));
    }

    @Test
    void followsHealthChangesAfterCreation() {
        List<Endpoint> endpoints = Endpoints.ofCount(3);
        LoadBalancer balancer = LbPolicy.ROUND_ROBIN.create(endpoints);
        endpoints.get(2).setHealthy(false);
        assertThat(Endpoints.countPicks(balancer, 10)).containsOnlyKeys(endpoints.get(0), endpoints.get(1));

        endpoints.get(2).setHealthy(true);
        assertThat(Endpoints.countPicks(balancer, 300)).containsOnly(
                Map.entry(endpoints.get(0), 100), Map.entry(endpoints.get(1), 100), Map.entry(endpoints.get(2), 100));
    }

    @Test
    void staysExactlyBalancedUnderConcurrentPicks() throws Exception {
        List<Endpoint> endpoints = Endpoints.ofCount(5);
        LoadBalancer balancer = LbPolicy.ROUND_ROBIN.create(endpoints);
        int threads = 4;
        int picksPerThread = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Map<Endpoint, Integer>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return Endpoints.countPicks(balancer, picksPerThread);
                }));
            }
            start.countDown();
            Map<Endpoint, Integer> total = new HashMap<>();
            for (Future<Map<Endpoint, Integer>> result : results) {
                result.get().forEach((e, n) -> total.merge(e, n, Integer::sum));
            }
            // Every counter value is handed out exactly once, so the split is exact, not approximate.
            assertThat(total).hasSize(5).allSatisfy((e, n) -> assertThat(n).isEqualTo(threads * picksPerThread / 5));
        } finally {
            pool.shutdownNow();
        }
    }
}
