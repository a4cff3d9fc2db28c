package dev.gatehouse.engine.upstream.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.engine.upstream.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LbPolicyTest {
    @Test
    void configNamesRoundTrip() {
        assertThat(LbPolicy.values()).extracting(LbPolicy::configName).containsExactly(
                "round_robin", "weighted_round_robin", "least_request", "random", "ring_hash", "maglev");
        for (LbPolicy policy : LbPolicy.values()) {
            assertThat(LbPolicy.fromConfigName(policy.configName())).isSameAs(policy);
        }
    }

    @Test
    void unknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> LbPolicy.fromConfigName("ROUND_ROBIN"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ROUND_ROBIN'")
                .hasMessageContaining("round_robin, weighted_round_robin, least_request, random, ring_hash, maglev");
    }

    @Test
    void onlyHashingPoliciesUseTheHash() {
        assertThat(LbPolicy.values()).filteredOn(LbPolicy::usesHash)
                .containsExactly(LbPolicy.RING_HASH, LbPolicy.MAGLEV);
    }

    @ParameterizedTest
    @EnumSource(LbPolicy.class)
    void choosesOnlyHealthyEndpoints(LbPolicy policy) {
        List<Endpoint> endpoints = Endpoints.ofCount(4);
        endpoints.get(0).setHealthy(false);
        endpoints.get(2).setHealthy(false);
        LoadBalancer balancer = policy.create(endpoints);

        long[] keys = Endpoints.sessionKeys(2_000);
        for (long key : keys) {
            assertThat(balancer.choose(key)).isIn(endpoints.get(1), endpoints.get(3));
        }
    }

    @ParameterizedTest
    @EnumSource(LbPolicy.class)
    void returnsNullWhenNoEndpointIsHealthy(LbPolicy policy) {
        List<Endpoint> endpoints = Endpoints.ofCount(3);
        LoadBalancer balancer = policy.create(endpoints);
        assertThat(balancer.choose(7)).isNotNull();

        endpoints.forEach(e -> e.setHealthy(false));
        assertThat(balancer.choose(7)).isNull();
        assertThat(balancer.choose(-7)).isNull();

        endpoints.get(1).setHealthy(true);
        assertThat(balancer.choose(7)).isSameAs(endpoints.get(1));
    }

    @ParameterizedTest
    @EnumSource(LbPolicy.class)
    void returnsNullForAnEmptyCluster(LbPolicy policy) {
        assertThat(policy.create(List.of()).choose(1)).isNull();
    }

    @Test
    void optionsRejectBadSizes() {
        assertThatThrownBy(() -> new LbOptions(1024, 1 << 20, 65_536))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prime");
        assertThatThrownBy(() -> new LbOptions(0, 1 << 20, 65_537))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ringMinSize");
        assertThatThrownBy(() -> new LbOptions(2048, 1024, 65_537))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ringMaxSize");
        assertThat(new LbOptions(1, 1, 2).maglevTableSize()).isEqualTo(2);
    }

    @Test
    void maglevRejectsMoreEndpointsThanSlots() {
        assertThatThrownBy(() -> LbPolicy.MAGLEV.create(Endpoints.ofCount(5), new LbOptions(16, 16, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 slots");
    }
}
