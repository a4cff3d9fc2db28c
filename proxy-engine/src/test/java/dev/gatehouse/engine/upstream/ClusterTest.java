package dev.gatehouse.engine.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.config.ClusterConfig;
import dev.gatehouse.engine.config.RetryPolicy.RetryBudget;
import dev.gatehouse.engine.observe.GatewayMetrics;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterTest {
    private static Cluster cluster(List<Endpoint> endpoints) {
        var config = new ClusterConfig("c", ClusterConfig.Discovery.DNS, List.of(), "round_robin", null,
                Duration.ofSeconds(1), Duration.ofSeconds(1), ClusterConfig.UpstreamProtocol.HTTP1, null,
                ClusterConfig.ConnectionPoolSettings.DEFAULTS);
        return new Cluster(config, endpoints, Transport.NIO, new GatewayMetrics().cluster("c"), null);
    }

    private static Endpoint at(int port) {
        return new Endpoint("c", new InetSocketAddress("127.0.0.1", port), 1);
    }

    @Test
    void dnsRefreshKeepsSurvivingEndpointsAndTheirCounters() {
        Endpoint a = at(1001);
        Endpoint b = at(1002);
        Cluster c = cluster(List.of(a, b));
        a.requestStarted();
        c.updateEndpoints(List.of(at(1001), at(1003)));
        assertThat(c.endpoints()).hasSize(2);
        assertThat(c.endpoints().get(0)).isSameAs(a);
        assertThat(c.endpoints().get(0).activeRequests()).isEqualTo(1);
        assertThat(c.endpoints().get(1).address().getPort()).isEqualTo(1003);
        // The balancer follows the new member list.
        for (int i = 0; i < 4; i++) {
            assertThat(c.choose(0)).isNotSameAs(b);
        }
    }

    @Test
    void retryBudgetAllowsMinConcurrencyThenAShareOfActiveRequests() {
        Cluster c = cluster(List.of(at(1001)));
        var budget = new RetryBudget(50, 1);
        assertThat(c.tryStartRetry(budget)).isTrue();   // min concurrency
        assertThat(c.tryStartRetry(budget)).isFalse();  // 0 active requests: 50% of 0 < 2
        for (int i = 0; i < 6; i++) {
            assertThat(c.tryStartRequest()).isTrue();
        }
        assertThat(c.tryStartRetry(budget)).isTrue();   // 50% of 6 = 3 retries allowed
        assertThat(c.tryStartRetry(budget)).isTrue();
        assertThat(c.tryStartRetry(budget)).isFalse();
        c.retryFinished();
        assertThat(c.tryStartRetry(budget)).isTrue();
    }
}
