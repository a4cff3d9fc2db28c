package dev.gatehouse.engine.upstream.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.upstream.Endpoint;
import java.util.List;

import org.junit.jupiter.api.Test;

class RingHashBalancerTest extends HashingBalancerContract {
    @Override
    LbPolicy policy() {
        return LbPolicy.RING_HASH;
    }

    @Override
    double shareTolerance() {
        return 0.2; // 256 points per endpoint leave up to about 10% of imbalance
    }

    @Override
    double minimumKeptOnRemoval() {
        return 1.0; // survivors keep all their points, so none of their keys move
    }

    @Test
    void heaviestEndpointGetsAFixedNumberOfPointsAboveTheMinimum() {
        assertThat(ring(Endpoints.ofCount(5), 1024).ringSize()).isEqualTo(5 * 256);
        assertThat(ring(Endpoints.ofCount(40), 1024).ringSize()).isEqualTo(40 * 256);
        assertThat(ring(Endpoints.weighted(4, 2, 1), 16).ringSize()).isEqualTo(256 + 128 + 64);
    }

    @Test
    void smallClustersAreRaisedToTheMinimumSize() {
        assertThat(ring(Endpoints.ofCount(1), 1024).ringSize()).isEqualTo(1024);
        assertThat(ring(Endpoints.ofCount(3), 1024).ringSize()).isEqualTo(3 * 342);
        assertThat(ring(Endpoints.weighted(1, 3), 1024).ringSize()).isEqualTo(256 + 768);
    }

    @Test
    void pointsDependOnWeightRatiosNotTheirScale() {
        assertThat(ring(Endpoints.weighted(100, 200, 300), 16).ringSize())
                .isEqualTo(ring(Endpoints.weighted(1, 2, 3), 16).ringSize())
                .isEqualTo(86 + 171 + 256);
    }

    @Test
    void maxSizeScalesTheRingDown() {
        var capped = new RingHashBalancer(Endpoints.ofCount(10), 16, 1_000);
        assertThat(capped.ringSize()).isEqualTo(1_000);
    }

    private static RingHashBalancer ring(List<Endpoint> endpoints, int minSize) {
        return new RingHashBalancer(endpoints, minSize, 1 << 20);
    }
}
