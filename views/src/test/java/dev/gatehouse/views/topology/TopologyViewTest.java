package dev.gatehouse.views.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.engine.testing.StubUpstream;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.upstream.Cluster;
import dev.gatehouse.engine.upstream.Endpoint;
import dev.gatehouse.views.engine.EngineClient;
import dev.gatehouse.views.shell.EngineSession;
import java.time.Duration;
import java.util.concurrent.Callable;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

/** The topology against a real engine: the config's graph, live endpoint health, edge rates from traces, the side panel. */
@ResourceLock("javafx")
class TopologyViewTest extends ApplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final String DEAD = "127.0.0.1:" + StubUpstream.deadPort();

    private StubUpstream one;
    private StubUpstream two;
    private TestGateway gateway;
    private EngineClient client;
    private TopologyView view;

    @Override
    public void start(Stage stage) {
        one = new StubUpstream(200, "one");
        two = new StubUpstream(200, "two");
        gateway = TestGateway.start("""
                listeners:
                  - name: public
                    address: 127.0.0.1:8080
                routes:
                  - name: api
                    match: {prefix: /api}
                    cluster: backend
                  - name: health
                    match: {path: /health}
                    direct_response: {status: 200, body: ok}
                clusters:
                  - name: backend
                    endpoints: [{address: %s}, {address: %s}]
                  - name: checked
                    health_check: {type: tcp, interval: 1s, timeout: 1s}
                    endpoints: [{address: %s}, {address: %s}]
                """.formatted(one.address(), two.address(), one.address(), DEAD));
        client = EngineClient.embedded(gateway.gateway());
        view = new TopologyView(new EngineSession(client));
        stage.setScene(new Scene((Parent) view.node(), 1280, 700));
        stage.show();
    }

    @AfterEach
    void closeEngine() {
        interact(view::close);
        client.close();
        gateway.close();
        one.close();
        two.close();
    }

    @Test
    void showsTheConfigsRoutesAndClustersAndMarksUnhealthyAndDrainedEndpoints() {
        await().atMost(WAIT).until(() -> onFx(() -> lookup("#topo-route-api").tryQuery().isPresent()
                && lookup("#topo-cluster-backend").tryQuery().isPresent()));
        assertThat(lookup("#topo-route-health").tryQuery()).isPresent();
        assertThat(lookup("#topo-listener-public").tryQuery()).isPresent();
        assertThat(lookup("#topo-cluster-checked").tryQuery()).isPresent();

        // The active health check finds nothing listening on the dead endpoint.
        String dead = "#" + TopologyView.cssId(TopologyGraph.endpointId("checked", DEAD));
        String alive = "#" + TopologyView.cssId(TopologyGraph.endpointId("checked", one.address()));
        await().atMost(WAIT).until(() -> onFx(() -> hasStyle(dead, "unhealthy") && hasStyle(alive, "healthy")));
        assertThat(onFx(() -> hasStyle("#topo-cluster-checked", "degraded"))).isTrue();

        // An operator drains an endpoint.
        String drained = "#" + TopologyView.cssId(TopologyGraph.endpointId("backend", two.address()));
        Cluster backend = gateway.cluster("backend");
        Endpoint endpoint = backend.endpoints().stream().filter(e -> e.authority().equals(two.address())).findFirst().orElseThrow();
        endpoint.setHealthy(false);
        await().atMost(WAIT).until(() -> onFx(() -> hasStyle(drained, "drained")));
        assertThat(onFx(() -> hasStyle("#topo-cluster-backend", "degraded"))).isTrue();

        interact(() -> lookup("#topology-scroll").queryAs(javafx.scene.control.ScrollPane.class).setHvalue(1));
        clickOn(dead);
        await().atMost(WAIT).until(() -> lookup("#topology-metrics").queryAs(TextArea.class).getText().contains("UNHEALTHY"));
        assertThat(lookup("#topology-snippet").queryAs(TextArea.class).getText()).startsWith("clusters:").contains("health_check");
    }

    @Test
    void ratesFromTracesShowOnTheRouteToClusterEdge() {
        await().atMost(WAIT).until(() -> isShown("#topo-route-api"));
        String rate = "#" + TopologyView.rateId(new TopologyGraph.Edge("route:api", "cluster:backend"));
        await().atMost(WAIT).until(() -> {
            gateway.get("/api/x");
            return onFx(() -> lookup(rate).queryAs(Label.class).getText().endsWith("/s"));
        });

        clickOn("#topo-route-api");
        assertThat(lookup("#topology-snippet").queryAs(TextArea.class).getText()).contains("name: api").doesNotContain("health");
        await().atMost(WAIT).until(() -> lookup("#topology-metrics").queryAs(TextArea.class).getText().contains("requests_total"));
    }

    @Test
    void anEndpointTheOutlierDetectorEjectsShowsAsEjectedWithItsReason() throws Exception {
        await().atMost(WAIT).until(() -> isShown("#topo-route-api"));
        String yaml = client.runningConfigYaml().get().replace("clusters:\n  - name: backend\n", """
                clusters:
                  - name: backend
                    outlier_detection: {consecutive_5xx: 2, max_ejection_percent: 50, base_ejection_time: 60s}
                """);
        assertThat(yaml).contains("outlier_detection");
        assertThat(client.apply(yaml).get().applied()).isTrue();
        two.setStatus(500);
        String endpointId = "#" + TopologyView.cssId(TopologyGraph.endpointId("backend", two.address()));
        await().atMost(WAIT).until(() -> {
            gateway.get("/api/x");
            return onFx(() -> hasStyle(endpointId, "ejected"));
        });
        String detail = onFx(() -> ((Label) lookup(endpointId).query().lookup(".node-detail")).getText());
        assertThat(detail).startsWith("ejected: consecutive_5xx (consecutive_5xx=2 threshold=2)");
        assertThat(onFx(() -> hasStyle("#topo-cluster-backend", "degraded"))).isTrue();
    }

    @Test
    void followsAConfigChange() throws Exception {
        await().atMost(WAIT).until(() -> isShown("#topo-route-api"));
        String yaml = client.runningConfigYaml().get().replace("name: health", "name: ping");
        assertThat(client.apply(yaml).get().applied()).isTrue();
        await().atMost(WAIT).until(() -> isShown("#topo-route-ping"));
        assertThat(lookup("#topo-route-health").tryQuery().map(Node::getParent)).isEmpty();
    }

    /** The scene is read on the FX thread: from the test thread a lookup could land in the middle of a redraw. */
    private static <T> T onFx(Callable<T> read) {
        return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(read));
    }

    private boolean isShown(String query) {
        return onFx(() -> lookup(query).tryQuery().isPresent());
    }

    /** Call on the FX thread: the view redraws its graph when the config or the endpoint set changes. */
    private boolean hasStyle(String query, String styleClass) {
        return lookup(query).tryQuery().map(n -> n.getStyleClass().contains(styleClass)).orElse(false);
    }
}
