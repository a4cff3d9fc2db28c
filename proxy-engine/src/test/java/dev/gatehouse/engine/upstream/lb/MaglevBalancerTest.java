package dev.gatehouse.engine.upstream.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.engine.upstream.Endpoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaglevBalancerTest extends HashingBalancerContract {
    @Override
    LbPolicy policy() {
        return LbPolicy.MAGLEV;
    }

    @Override
    double shareTolerance() {
        return 0.06; // slot shares are near exact; what is left is key sampling noise
    }

    @Override
    double minimumKeptOnRemoval() {
        return 0.9;
    }

    @Test
    void fillsEverySlotWithSharesInProportionToWeight() {
        List<Endpoint> endpoints = Endpoints.weighted(1, 2, 3, 4);
        LoadBalancer balancer = LbPolicy.MAGLEV.create(endpoints, new LbOptions(1024, 1 << 20, 10_007));
        Map<Endpoint, Integer> slots = new HashMap<>();
        for (long slot = 0; slot < 10_007; slot++) {
            slots.merge(balancer.choose(slot), 1, Integer::sum);
        }
        for (Endpoint e : endpoints) {
            assertThat(slots.get(e)).as("slots of %s", e).isCloseTo(10_007 * e.weight() / 10, within(5));
        }
    }
}
