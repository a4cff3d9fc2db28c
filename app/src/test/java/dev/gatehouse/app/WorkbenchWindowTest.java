package dev.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.app.demo.Lab;
import dev.gatehouse.app.demo.LabCatalog;
import dev.gatehouse.app.shell.WorkbenchViews;
import dev.gatehouse.app.shell.WorkbenchWindow;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.views.engine.TraceRecord;
import dev.gatehouse.views.traces.LiveTracesView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.testfx.framework.junit5.ApplicationTest;

/**
 * The whole window in demo mode on a real embedded engine (all ports ephemeral), driven headless:
 * traffic flows into the trace table, a filter narrows it, labs hot-apply, a second engine can be
 * attached, traces export as HAR and the running config as YAML.
 */
@ResourceLock("javafx")
class WorkbenchWindowTest extends ApplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private WorkbenchWindow window;
    private Preferences prefs;

    @Override
    public void start(Stage stage) throws Exception {
        prefs = Preferences.userRoot().node("gatehouse-test-" + UUID.randomUUID());
        window = WorkbenchWindow.open(stage, new WorkbenchWindow.Options(lab(1).file(), true, 50, 10_000, prefs,
                WorkbenchViews.defaults(), true));
    }

    @AfterEach
    void closeWindow() throws Exception {
        onFx(() -> {
            window.close();
            window.stage().close();
            return null;
        });
        prefs.removeNode();
    }

    private static Lab lab(int n) {
        return LabCatalog.locate().labs().stream().filter(l -> l.name().equals("Lab " + n)).findFirst().orElseThrow();
    }

    private LiveTracesView traces() {
        return window.view(LiveTracesView.class);
    }

    private List<TraceRecord> shown() throws Exception {
        return onFx(() -> List.copyOf(traces().table().getItems()));
    }

    private static <T> T onFx(Callable<T> call) throws Exception {
        var task = new FutureTask<>(call);
        Platform.runLater(task);
        return task.get();
    }

    @Test
    void theTrafficGeneratorFillsTheTraceTable() throws Exception {
        await().atMost(WAIT).until(() -> shown().size() >= 20);
        assertThat(window.traffic().sent()).isGreaterThan(0);
        assertThat(shown()).extracting(TraceRecord::route).contains("echo", "web");
        assertThat(shown()).extracting(TraceRecord::status).contains(200, 404);
        assertThat(onFx(() -> lookup("#trace-counts").queryLabeled().getText())).contains("shown");
    }

    @Test
    void aFilterExpressionNarrowsTheTable() throws Exception {
        await().atMost(WAIT).until(() -> shown().stream().anyMatch(t -> t.status() == 404)
                && shown().stream().anyMatch(t -> t.status() == 200));
        clickOn("#trace-filter").write("status>=400 route!=echo");
        await().atMost(WAIT).until(() -> !shown().isEmpty()
                && shown().stream().allMatch(t -> t.status() >= 400 && !t.route().equals("echo")));
        assertThat(onFx(() -> traces().store().all().size())).isGreaterThan(shown().size());
        onFx(() -> {
            traces().store().filterTextProperty().set("colour=red");
            return null;
        });
        assertThat(onFx(() -> lookup("#trace-filter-error").queryLabeled().getText())).contains("unknown field 'colour'");
    }

    @Test
    void switchingLabsHotAppliesTheNewConfig() throws Exception {
        long before = window.demo().gateway().current().number();
        var outcome = onFx(() -> window.switchLab(lab(2))).get();
        assertThat(outcome.applied()).as(outcome.error()).isTrue();
        assertThat(window.demo().gateway().current().number()).isGreaterThan(before);
        assertThat(window.demo().running().listeners()).extracting(l -> l.name()).containsExactly("http", "https");
        // The generator follows the lab: JWT-protected routes now show up, accepted and refused.
        try {
            await().atMost(WAIT).until(() -> shown().stream().anyMatch(t -> t.route().equals("secure-api") && t.status() == 200)
                    && shown().stream().anyMatch(t -> t.route().equals("secure-api") && t.status() == 401));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("seen: " + shown().stream().map(t -> t.listener() + " " + t.route() + " " + t.status() + " " + t.flags())
                    .collect(java.util.stream.Collectors.groupingBy(x -> x, java.util.stream.Collectors.counting()))
                    + " traffic: " + window.traffic().summary(), e);
        }
        assertThat(onFx(() -> lookup("#engine-status").queryLabeled().getText())).contains("Lab 2");
    }

    @Test
    void attachingToAHeadlessEngineShowsItsTraces() throws Exception {
        try (var remote = TestGateway.fromSample("lab1-naked-proxy.yaml")) {
            onFx(() -> window.attach(remote.adminUri(""), TestGateway.ADMIN_TOKEN)).get();
            await().atMost(WAIT).until(() -> onFx(() -> window.session().client().describe()).contains("127.0.0.1"));
            String marker = "/service/echo/from-the-remote-" + UUID.randomUUID();
            await().atMost(WAIT).until(() -> {
                remote.get(marker);
                return shown().stream().anyMatch(t -> t.path().equals(marker));
            });
            onFx(() -> {
                window.detach();
                return null;
            });
            assertThat(onFx(() -> window.session().client())).isSameAs(window.demo().client());
        }
    }

    @Test
    void theDetailPaneShowsTheCapturedRequestAndReplaysIt() throws Exception {
        await().atMost(WAIT).until(() -> shown().stream().anyMatch(t -> t.method().equals("POST")));
        int row = onFx(() -> {
            var items = traces().table().getItems();
            for (int i = items.size() - 1; i >= 0; i--) {
                if (items.get(i).method().equals("POST")) {
                    traces().store().pausedProperty().set(true);
                    traces().table().getSelectionModel().clearAndSelect(i);
                    return i;
                }
            }
            return -1;
        });
        assertThat(row).isNotNegative();
        String request = onFx(() -> lookup("#trace-request").query().toString().isEmpty() ? ""
                : ((org.fxmisc.richtext.CodeArea) lookup("#trace-request").query()).getText());
        assertThat(request).startsWith("POST /service/echo/orders").contains("user-agent: gatehouse-workbench-traffic")
                .contains("\"item\":\"pen\"");
        String response = onFx(() -> ((org.fxmisc.richtext.CodeArea) lookup("#trace-response").query()).getText());
        assertThat(response).startsWith("status 200").contains("x-request-id");
        assertThat(onFx(() -> ((javafx.scene.layout.VBox) lookup("#trace-waterfall").query()).getChildren().size()))
                .isGreaterThan(2);

        onFx(() -> {
            ((javafx.scene.control.Button) lookup("#replay-trace").query()).fire();
            return null;
        });
        await().atMost(WAIT).until(() -> onFx(() -> lookup("#replay-result").queryLabeled().getText()).startsWith("200 in"));
    }

    @Test
    void exportsTracesAsHarAndTheRunningConfigAsYaml(@TempDir Path dir) throws Exception {
        await().atMost(WAIT).until(() -> shown().size() >= 5);
        Path har = dir.resolve("traces.har");
        int written = onFx(() -> traces().exportHar(har));
        JsonNode log = new ObjectMapper().readTree(har.toFile()).path("log");
        assertThat(log.path("version").asText()).isEqualTo("1.2");
        assertThat(log.path("entries").size()).isEqualTo(written).isGreaterThanOrEqualTo(5);
        assertThat(log.path("entries").get(0).path("request").path("url").asText()).startsWith("http://");

        Path yaml = dir.resolve("running.yaml");
        onFx(() -> window.exportRunningTo(yaml)).get();
        var loaded = new ConfigLoader().load(Files.readString(yaml), "running.yaml").config();
        assertThat(loaded).isEqualTo(window.demo().running());
    }
}
