package dev.gatehouse.engine.route;

import static dev.gatehouse.engine.route.RouteFixtures.compiled;
import static dev.gatehouse.engine.route.RouteFixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.engine.config.RouteAction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightedClusterActionTest {

    private static WeightedClusterAction split(RouteAction.WeightedCluster... clusters) {
        return (WeightedClusterAction) compiled(prefix("/"), new RouteAction.WeightedClusters(List.of(clusters)), null).action();
    }

    private static RouteAction.WeightedCluster cluster(String name, int weight) {
        return new RouteAction.WeightedCluster(name, weight);
    }

    @Test
    void clustersOwnConsecutiveRangesAsWideAsTheirWeights() {
        WeightedClusterAction split = split(cluster("stable", 90), cluster("canary", 10));

        assertThat(split.totalWeight()).isEqualTo(100);
        assertThat(split.pick(0)).isEqualTo("stable");
        assertThat(split.pick(89)).isEqualTo("stable");
        assertThat(split.pick(90)).isEqualTo("canary");
        assertThat(split.pick(99)).isEqualTo("canary");
    }

    @Test
    void seededPicksFollowTheWeights() {
        WeightedClusterAction split = split(cluster("stable", 90), cluster("canary", 10));
        Random random = new Random(42);
        Map<String, Integer> counts = new HashMap<>();

        int picks = 100_000;
        for (int i = 0; i < picks; i++) {
            counts.merge(split.pick(random), 1, Integer::sum);
        }

        assertThat(counts.get("stable") / (double) picks).isCloseTo(0.90, within(0.01));
        assertThat(counts.get("canary") / (double) picks).isCloseTo(0.10, within(0.01));
    }

    @Test
    void zeroWeightIsNeverPicked() {
        WeightedClusterAction split = split(cluster("a", 1), cluster("off", 0), cluster("b", 1));

        assertThat(split.pick(0)).isEqualTo("a");
        assertThat(split.pick(1)).isEqualTo("b");
    }

    @Test
    void randomOutsideTheTotalIsRefused() {
        WeightedClusterAction split = split(cluster("a", 3));

        assertThatThrownBy(() -> split.pick(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> split.pick(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void weightsThatCannotSplitAreConfigErrors() {
        assertThatThrownBy(() -> split()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> split(cluster("a", 0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add up to 0");
        assertThatThrownBy(() -> split(cluster("a", -1), cluster("b", 5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> split(cluster("a", Integer.MAX_VALUE), cluster("b", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
