package dev.gatehouse.views.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.config.RouteConfig;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.views.engine.EngineClient;
import dev.gatehouse.views.engine.VersionInfo;
import dev.gatehouse.views.shell.EngineSession;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.testfx.framework.junit5.ApplicationTest;

/**
 * The config editor against a real engine, driven by mouse and keyboard under headless Monocle:
 * reordering by drag changes routing once applied, an invalid edit shows its marker and leaves the
 * engine alone, rollback restores a version, export loads back equal.
 */
@ResourceLock("javafx")
class ConfigEditorViewTest extends ApplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    static final String YAML = """
            listeners:
              - name: public
                address: 127.0.0.1:8080
            routes:
              - name: general
                match: {prefix: /api}
                direct_response: {status: 200, body: general}
              - name: specific
                match: {prefix: /api/v2}
                direct_response: {status: 200, body: specific}
            """;

    private TestGateway gateway;
    private EngineClient client;
    private ConfigEditorView view;
    private EngineSession session;

    @Override
    public void start(Stage stage) {
        gateway = TestGateway.start(YAML);
        client = EngineClient.embedded(gateway.gateway());
        session = new EngineSession(client);
        view = new ConfigEditorView(session);
        stage.setScene(new Scene((javafx.scene.Parent) view.node(), 1280, 800));
        stage.show();
    }

    @AfterEach
    void closeEngine() {
        interact(view::close);
        client.close();
        gateway.close();
    }

    private void awaitLoaded() {
        await().atMost(WAIT).until(() -> view.model().runningVersion() == 1 && routeList().getItems().size() == 2);
    }

    private ListView<RouteConfig> routeList() {
        return lookup("#routes").queryListView();
    }

    private String body(String path) {
        return gateway.get(path).body();
    }

    private long engineVersion() throws Exception {
        return client.currentVersion().get(10, TimeUnit.SECONDS);
    }

    private void applyThroughTheUi() {
        clickOn("#apply");
        await().atMost(WAIT).until(() -> lookup("#apply-review").query().isVisible());
        clickOn("#confirm-apply");
    }

    @Test
    void draggingARouteAboveAnotherChangesRoutingOnceApplied() throws Exception {
        awaitLoaded();
        assertThat(body("/api/v2/users")).isEqualTo("general");
        assertThat(lookup("#route-order-note").queryAs(Label.class).getText()).contains("First match wins: order matters");
        assertThat(lookup("#route-cell-specific").query().getStyleClass()).as("shadowed by /api").contains("shadowed");

        drag("#route-cell-specific").dropTo(point("#route-cell-general").atPosition(Pos.TOP_CENTER).atOffset(new Point2D(0, 4)));

        assertThat(routeList().getItems()).extracting(RouteConfig::name).containsExactly("specific", "general");
        assertThat(lookup("#route-cell-specific").query().getStyleClass()).doesNotContain("shadowed");
        assertThat(view.model().isDirty()).isTrue();
        assertThat(body("/api/v2/users")).as("nothing changes before Apply").isEqualTo("general");

        applyThroughTheUi();
        ListView<?> diff = lookup("#diff").queryListView();
        assertThat(diff.getItems()).isNotEmpty();
        await().atMost(WAIT).until(() -> body("/api/v2/users").equals("specific"));
        assertThat(body("/api/other")).isEqualTo("general");
        await().atMost(WAIT).until(() -> view.model().runningVersion() == 2 && !view.model().isDirty());
        assertThat(engineVersion()).isEqualTo(2);

        // Ctrl+Z undoes the move in the editor; the engine keeps what was applied until the next Apply.
        clickOn("#route-cell-general");
        press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.Z).release(javafx.scene.input.KeyCode.CONTROL);
        assertThat(routeList().getItems()).extracting(RouteConfig::name).containsExactly("general", "specific");
        assertThat(view.model().isDirty()).isTrue();
        assertThat(body("/api/v2/users")).isEqualTo("specific");
    }

    @Test
    void anInvalidYamlEditShowsItsMarkerAndTheEngineKeepsItsConfig() throws Exception {
        awaitLoaded();
        clickOn("#tab-yaml");
        CodeArea area = lookup("#yaml-area").queryAs(CodeArea.class);
        String broken = area.getText().replace("status: 200", "status: 999");
        interact(() -> area.replaceText(broken));

        int line = 1 + broken.substring(0, broken.indexOf("999")).split("\n", -1).length - 1;
        await().atMost(WAIT).until(() -> lookup("#error-marker-" + line).tryQuery().map(Node::isVisible).orElse(false));
        ListView<TextProblem> problems = lookup("#yaml-problems").queryListView();
        assertThat(problems.getItems()).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.warning()).isFalse();
        });
        // The error styling and the count are applied on later pulses than the marker: wait for them too.
        await().atMost(WAIT).until(() -> area.getStyleOfChar(broken.indexOf("999") + 1).contains(YamlHighlighting.ERROR));
        await().atMost(WAIT).until(() -> lookup("#problem-count").queryAs(javafx.scene.control.Hyperlink.class)
                .getText().equals("2 error(s)"));

        // Clicking the problem puts the caret on it.
        clickOn(problems.lookup(".problem-error"));
        assertThat(area.getCurrentParagraph()).isEqualTo(line - 1);

        // A valid graphical edit on top makes Apply possible; the text's errors keep it from reaching the engine.
        interact(() -> view.model().execute(ConfigCommands.moveRoute("specific", 0)));
        interact(() -> area.replaceText(area.getText().replace("status: 200", "status: 999")));
        await().atMost(WAIT).until(() -> view.model().textHasErrors());
        clickOn("#apply");
        assertThat(lookup("#apply-review").query().isVisible()).isFalse();
        assertThat(lookup("#status").queryAs(Label.class).getText()).contains("Fix the YAML errors first");
        assertThat(engineVersion()).isEqualTo(1);
        assertThat(body("/api/v2/users")).isEqualTo("general");
    }

    @Test
    void anEngineRejectionShowsItsReasonAndTheOldConfigKeepsServing() throws Exception {
        awaitLoaded();
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            // Valid on paper, so local checks pass; the engine cannot bind the port and refuses the whole config.
            interact(() -> view.model().execute(new ConfigCommand("move the listener to a taken port",
                    c -> c.withListeners(c.listeners().stream().map(l -> l.withAddress(
                            new dev.gatehouse.engine.config.HostPort("127.0.0.1", taken.getLocalPort()))).toList()))));
            await().atMost(WAIT).until(() -> view.model().textCheckedProperty().get());
            applyThroughTheUi();
            await().atMost(WAIT).until(() -> lookup("#status").queryAs(Label.class).getText().contains("rejected"));
        }
        ListView<TextProblem> problems = lookup("#yaml-problems").queryListView();
        assertThat(problems.getItems()).isNotEmpty();
        assertThat(lookup("#tab-yaml").queryAs(Node.class)).isNotNull();
        assertThat(engineVersion()).isEqualTo(1);
        assertThat(body("/api/v2/users")).isEqualTo("general");
        assertThat(view.model().isDirty()).as("the edit is kept for fixing").isTrue();
    }

    @Test
    void rollbackRestoresThePreviousVersion() throws Exception {
        awaitLoaded();
        GatewayConfig original = view.model().config();
        interact(() -> view.model().execute(ConfigCommands.moveRoute("specific", 0)));
        applyThroughTheUi();
        await().atMost(WAIT).until(() -> body("/api/v2/x").equals("specific"));
        await().atMost(WAIT).until(() -> view.model().runningVersion() == 2);

        ComboBox<VersionInfo> versions = lookup("#versions").queryComboBox();
        await().atMost(WAIT).until(() -> versions.getItems().size() == 2);
        interact(() -> versions.getSelectionModel().select(
                versions.getItems().stream().filter(v -> v.number() == 1).findFirst().orElseThrow()));
        clickOn("#rollback");

        await().atMost(WAIT).until(() -> body("/api/v2/x").equals("general"));
        await().atMost(WAIT).until(() -> view.model().runningVersion() == 3);
        assertThat(engineVersion()).isEqualTo(3);
        assertThat(view.model().config()).isEqualTo(original);
        assertThat(view.model().isDirty()).isFalse();
        assertThat(routeList().getItems()).extracting(RouteConfig::name).containsExactly("general", "specific");
    }

    @Test
    void anApplyMadeElsewhereShowsUpInTheEditor() throws Exception {
        awaitLoaded();
        String yaml = client.runningConfigYaml().get(10, TimeUnit.SECONDS).replace("body: specific", "body: from-elsewhere");
        assertThat(client.apply(yaml).get(10, TimeUnit.SECONDS).applied()).isTrue();
        await().atMost(WAIT).until(() -> view.model().runningVersion() == 2);
        // The label and the text follow the version on later FX pulses: wait for them too.
        await().atMost(WAIT).until(() -> lookup("#running-version").queryAs(Label.class).getText().contains("v2"));
        await().atMost(WAIT).until(() -> view.model().text().contains("from-elsewhere"));
    }

    @Test
    void switchingToARemoteEngineShowsItsConfigAndDropsEditsMeantForTheOldOne() {
        awaitLoaded();
        interact(() -> view.model().execute(ConfigCommands.moveRoute("specific", 0)));
        try (TestGateway other = TestGateway.fromSample("lab1-naked-proxy.yaml");
             EngineClient remote = EngineClient.remote(other.adminUri("/"), TestGateway.ADMIN_TOKEN)) {
            interact(() -> session.switchTo(remote));
            await().atMost(WAIT).until(() -> routeList().getItems().stream().anyMatch(r -> r.name().equals("echo")));
            assertThat(routeList().getItems()).extracting(RouteConfig::name).containsExactly("echo", "web");
            assertThat(view.model().isDirty()).isFalse();
            assertThat(view.model().canUndoProperty().get()).isFalse();
            interact(() -> session.switchTo(client));
        }
    }

    @Test
    void exportWritesYamlThatLoadsBackEqual(@TempDir Path dir) throws Exception {
        awaitLoaded();
        interact(() -> view.model().execute(ConfigCommands.moveRoute("specific", 0)));
        Path file = dir.resolve("exported.yaml");
        interact(() -> {
            try {
                view.exportYaml(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        GatewayConfig loaded = new ConfigLoader().load(file).config();
        assertThat(loaded).isEqualTo(view.model().config());
        assertThat(loaded.routes()).extracting(RouteConfig::name).containsExactly("specific", "general");

        // Opening it again after undoing the move brings the move back, as one undoable edit.
        interact(view::undo);
        assertThat(view.model().isDirty()).isFalse();
        interact(() -> {
            try {
                view.openYaml(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(view.model().config()).isEqualTo(loaded);
        assertThat(view.model().undoDescriptionProperty().get()).isEqualTo("Undo open exported.yaml");

        // A broken file shows as written, with its error marked.
        Path broken = dir.resolve("broken.yaml");
        java.nio.file.Files.writeString(broken, "routes:\n  - name: x\n    match: {prefix: /}\n    cluster: nowhere\n");
        interact(() -> {
            try {
                view.openYaml(broken);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        await().atMost(WAIT).until(() -> lookup("#error-marker-4").tryQuery().map(Node::isVisible).orElse(false));
        assertThat(view.model().config()).as("the last valid config stays").isEqualTo(loaded);
    }

    @Test
    void droppingARouteOnAClusterRetargetsIt() throws Exception {
        try (var upstream = new dev.gatehouse.engine.testing.StubUpstream(200, "stub")) {
            awaitLoaded();
            interact(() -> view.model().execute(ConfigCommands.addCluster(new dev.gatehouse.engine.config.ClusterConfig(
                    "stub", dev.gatehouse.engine.config.ClusterConfig.Discovery.STATIC,
                    java.util.List.of(new dev.gatehouse.engine.config.EndpointConfig(
                            dev.gatehouse.engine.config.HostPort.parse(upstream.address()), null, 1)),
                    "round_robin", null, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(30),
                    dev.gatehouse.engine.config.ClusterConfig.UpstreamProtocol.HTTP1, null,
                    dev.gatehouse.engine.config.ClusterConfig.ConnectionPoolSettings.DEFAULTS))));
            drag("#route-cell-general").dropTo("#cluster-cell-stub");
            assertThat(routeList().getItems().get(0).action())
                    .isEqualTo(new dev.gatehouse.engine.config.RouteAction.Cluster("stub"));
            applyThroughTheUi();
            await().atMost(WAIT).until(() -> body("/api/x").equals("stub says 200\n"));
            assertThat(lookup("#tab-graphical").queryAs(Node.class)).isNotNull();
            assertThat(lookup(".tab-pane").queryAs(TabPane.class)).isNotNull();
        }
    }
}
