package dev.gatehouse.engine.upstream.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.upstream.Endpoint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A panic balancer takes ejected and check-failing endpoints but never drained ones, for every policy. */
class PanicBalancingTest {
    @Test
    void everyPolicyBalancesOverAllButDrainedEndpoints() {
        for (LbPolicy policy : LbPolicy.values()) {
            List<Endpoint> endpoints = Endpoints.ofCount(3);
            endpoints.get(0).eject(new Endpoint.Ejection("consecutive_5xx", "", 1, Long.MAX_VALUE));
            endpoints.get(1).setHealthCheckResult(true, "status 503");
            endpoints.get(2).setHealthy(false);
            LoadBalancer normal = policy.create(endpoints);
            LoadBalancer panic = policy.create(endpoints, LbOptions.DEFAULTS, e -> !e.isDrained());

            assertThat(normal.choose(1)).as(policy.configName()).isNull();
            Set<Endpoint> chosen = new HashSet<>();
            for (long hash = 0; hash < 2000; hash++) {
                chosen.add(panic.choose(hash * 0x9E3779B97F4A7C15L));
            }
            assertThat(chosen).as(policy.configName()).containsExactlyInAnyOrder(endpoints.get(0), endpoints.get(1));
        }
    }
}
