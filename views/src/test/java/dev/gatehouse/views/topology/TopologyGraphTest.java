package dev.gatehouse.views.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.views.config.TextCheck;
import dev.gatehouse.views.engine.TraceRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The topology's toolkit-free parts: the layered graph, edge rates, endpoint state and config snippets. */
class TopologyGraphTest {
    static final String YAML = """
            listeners:
              - name: public
                address: 127.0.0.1:8080
                filters: [stamp]
            filters:
              - name: stamp
                type: headers
                config: {request: {set: {x-stamp: "1"}}}
            routes:
              - name: api
                match: {prefix: /api}
                cluster: backend
              - name: health
                match: {path: /health}
                direct_response: {status: 200, body: ok}
            clusters:
              - name: backend
                endpoints: [{address: 127.0.0.1:9001}, {address: 127.0.0.1:9002, weight: 3}]
            """;

    private final GatewayConfig config = TextCheck.of(YAML).config();

    @Test
    void layersListenersChainsRoutesClustersAndEndpoints() {
        assertThat(config).as(TextCheck.of(YAML).problems().toString()).isNotNull();
        TopologyGraph graph = TopologyGraph.of(config, Map.of());
        assertThat(graph.column(TopologyGraph.Kind.LISTENER)).extracting(TopologyGraph.Node::name).containsExactly("public");
        assertThat(graph.column(TopologyGraph.Kind.FILTER_CHAIN)).extracting(TopologyGraph.Node::name).containsExactly("stamp");
        assertThat(graph.column(TopologyGraph.Kind.ROUTE)).extracting(TopologyGraph.Node::name).containsExactly("api", "health");
        assertThat(graph.column(TopologyGraph.Kind.ENDPOINT)).extracting(TopologyGraph.Node::name)
                .containsExactly("127.0.0.1:9001", "127.0.0.1:9002");
        assertThat(graph.edges()).contains(
                new TopologyGraph.Edge("listener:public", "chain:public"),
                new TopologyGraph.Edge("chain:public", "route:api"),
                new TopologyGraph.Edge("chain:public", "route:health"),
                new TopologyGraph.Edge("route:api", "cluster:backend"),
                new TopologyGraph.Edge("cluster:backend", "endpoint:backend/127.0.0.1:9001"));
        assertThat(graph.edges()).noneMatch(e -> e.from().equals("route:health"));

        TopologyGraph live = TopologyGraph.of(config, Map.of("backend", List.of("10.0.0.1:80")));
        assertThat(live.column(TopologyGraph.Kind.ENDPOINT)).extracting(TopologyGraph.Node::name).containsExactly("10.0.0.1:80");
    }

    @Test
    void ratesCountRequestsPerEdgeOverARollingWindow() {
        EdgeRates rates = new EdgeRates(10);
        long t0 = 1_000_000_000L;
        for (int i = 0; i < 50; i++) {
            rates.record(trace("api", "backend", "127.0.0.1:9001", t0 + i * 100));
        }
        rates.record(trace("health", "", "", t0)); // answered by the gateway: no cluster edge
        Map<TopologyGraph.Edge, Double> now = rates.snapshot(t0 + 5_000);
        assertThat(now.get(new TopologyGraph.Edge("route:api", "cluster:backend"))).isEqualTo(5.0);
        assertThat(now.get(new TopologyGraph.Edge("cluster:backend", "endpoint:backend/127.0.0.1:9001"))).isEqualTo(5.0);
        assertThat(now).hasSize(2);
        assertThat(rates.snapshot(t0 + 30_000)).as("old seconds fall out of the window").isEmpty();
        rates.prune(t0 + 30_000);
        assertThat(rates.snapshot(t0 + 5_000)).isEmpty();
    }

    @Test
    void endpointStateIsReadTolerantly() throws Exception {
        var json = new ObjectMapper().readTree("""
                {"clusters": [{"name": "backend", "endpoints": [
                  {"address": "127.0.0.1:9001", "weight": 1, "healthy": true, "total_requests": 7},
                  {"address": "127.0.0.1:9002", "healthy": false, "health_check": {"healthy": false, "last": "connect refused"}},
                  {"address": "127.0.0.1:9003", "healthy": false,
                   "outlier": {"ejected": true, "reason": "consecutive_5xx", "figures": "5 in a row"}},
                  {"address": "127.0.0.1:9004", "drained": true},
                  {"address": "127.0.0.1:9005", "outlier": {"ejected": false, "ejections_total": 2}}
                ]}]}""");
        List<EndpointState> states = EndpointState.parse(json).get("backend");
        assertThat(states).extracting(EndpointState::serving).containsExactly(true, false, false, false, true);
        assertThat(states).extracting(EndpointState::state)
                .containsExactly("healthy", "unhealthy", "ejected", "drained", "healthy");
        assertThat(states.get(0).totalRequests()).isEqualTo(7);
        assertThat(states.get(1).reason()).isEqualTo("connect refused");
        assertThat(states.get(2).reason()).isEqualTo("consecutive_5xx (5 in a row)");
        assertThat(states.get(4).healthy()).as("a missing field is neutral").isTrue();
    }

    @Test
    void snippetsShowOneItemAsTheFileWould() {
        TopologyGraph graph = TopologyGraph.of(config, Map.of());
        String route = ConfigSnippet.of(config, graph.node("route:api"));
        assertThat(route).startsWith("routes:").contains("name: api").contains("cluster: backend").doesNotContain("health");
        String cluster = ConfigSnippet.of(config, graph.node("endpoint:backend/127.0.0.1:9002"));
        assertThat(cluster).startsWith("clusters:").contains("127.0.0.1:9002");
        assertThat(ConfigSnippet.of(config, graph.node("chain:public"))).startsWith("filters:").contains("x-stamp");
        assertThat(ConfigSnippet.of(config, graph.node("listener:public"))).startsWith("listeners:").contains("name: public");
    }

    @Test
    void metricsAndRatesReadShort() {
        assertThat(TopologyView.formatMetric("gatehouse_requests_total{cluster=\"web\",route=\"api\"}", "route=\"api\"", 15.0))
                .isEqualTo("15  requests_total{cluster=\"web\"}");
        assertThat(TopologyView.formatMetric("gatehouse_up{route=\"api\"}", "route=\"api\"", 0.5)).isEqualTo("0.500  up");
        assertThat(TopologyView.formatRate(3)).isEqualTo("3.0/s");
        assertThat(TopologyView.formatRate(1234.4)).isEqualTo("1234/s");
    }

    private static TraceRecord trace(String route, String cluster, String endpoint, long time) {
        return new TraceRecord(time, "id", "public", "HTTP/1.1", "GET", "localhost", "/", "127.0.0.1", route, "default",
                List.of(), cluster, endpoint, 1, 200, "", "", 0, 0, 1.0, Map.of(), List.of(), "{}");
    }
}
