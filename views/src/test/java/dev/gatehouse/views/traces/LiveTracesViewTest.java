package dev.gatehouse.views.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.views.engine.EngineClient;
import dev.gatehouse.views.engine.TraceRecord;
import dev.gatehouse.views.shell.EngineSession;
import dev.gatehouse.views.shell.TraceHub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.testfx.framework.junit5.ApplicationTest;

/** The traces view on a real engine: requests appear in batches, a typed filter narrows the table. */
@ResourceLock("javafx")
class LiveTracesViewTest extends ApplicationTest {
    private TestGateway gateway;
    private EngineClient client;
    private TraceHub hub;
    private LiveTracesView view;

    @Override
    public void start(Stage stage) {
        gateway = TestGateway.fromSample("lab1-naked-proxy.yaml");
        client = EngineClient.embedded(gateway.gateway());
        hub = new TraceHub(new EngineSession(client));
        view = new LiveTracesView(hub, 100, new TraceReplay(gateway.client(), TraceReplay::byAuthority));
        stage.setScene(new Scene((javafx.scene.Parent) view.node(), 1000, 600));
        stage.show();
    }

    @AfterEach
    void closeEngine() {
        view.close();
        hub.close();
        client.close();
        gateway.close();
    }

    private List<TraceRecord> shown() throws Exception {
        var task = new FutureTask<>((Callable<List<TraceRecord>>) () -> List.copyOf(view.table().getItems()));
        Platform.runLater(task);
        return task.get();
    }

    @Test
    void typingAFilterNarrowsTheTableAndTheCapHolds() throws Exception {
        for (int i = 0; i < 60; i++) {
            gateway.get(i % 3 == 0 ? "/nope/" + i : "/service/echo/" + i);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> shown().size() == 60);
        clickOn("#trace-filter").write("status=404 path~nope");
        await().atMost(Duration.ofSeconds(20)).until(() -> shown().size() == 20);
        assertThat(shown()).allMatch(t -> t.status() == 404 && t.flags().equals("NR"));

        for (int i = 0; i < 60; i++) {
            gateway.get("/nope/more-" + i);
        }
        // 120 traces, cap 100: the oldest 20 (7 of them 404s) went; the 73 404s left are shown
        await().atMost(Duration.ofSeconds(20)).until(() -> view.store().evictedProperty().get() == 20 && shown().size() == 73);
        assertThat(lookup("#trace-counts").queryLabeled().getText()).contains("20 evicted");
    }
}
