package dev.gatehouse.views.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.engine.config.ClusterConfig;
import dev.gatehouse.engine.config.EndpointConfig;
import dev.gatehouse.engine.config.RouteAction;
import dev.gatehouse.engine.config.RouteConfig;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.views.engine.EngineClient;
import dev.gatehouse.views.shell.EngineSession;
import java.time.Duration;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.testfx.framework.junit5.ApplicationTest;

/** The property sheets: each save is one undoable command, a bad field changes nothing, and saved edits apply. */
@ResourceLock("javafx")
class ConfigFormsTest extends ApplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestGateway gateway;
    private EngineClient client;
    private ConfigEditorView view;

    @Override
    public void start(Stage stage) {
        gateway = TestGateway.start(ConfigEditorViewTest.YAML + """
                clusters:
                  - name: spare
                    endpoints: [{address: 127.0.0.1:9}]
                """);
        client = EngineClient.embedded(gateway.gateway());
        view = new ConfigEditorView(new EngineSession(client));
        stage.setScene(new Scene((Parent) view.node(), 1280, 800));
        stage.show();
    }

    @AfterEach
    void closeEngine() {
        interact(view::close);
        client.close();
        gateway.close();
    }

    private RouteConfig route(String name) {
        return view.model().config().routes().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private void replaceText(String query, String text) {
        clickOn(query);
        press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL);
        write(text);
    }

    @Test
    void aRouteFormSaveIsOneUndoableEditThatApplies() {
        await().atMost(WAIT).until(() -> view.model().runningVersion() == 1);
        clickOn("#route-cell-specific");
        replaceText("#route-body", "edited by form");
        replaceText("#route-methods", "get, head");
        clickOn("#route-save");
        RouteConfig edited = route("specific");
        assertThat(((RouteAction.DirectResponse) edited.action()).body()).isEqualTo("edited by form");
        assertThat(edited.match().methods()).containsExactly("GET", "HEAD");

        replaceText("#route-timeout", "soon");
        clickOn("#route-save");
        assertThat(lookup("#status").queryAs(Label.class).getText()).startsWith("Not saved").contains("duration");
        assertThat(route("specific")).isEqualTo(edited);

        // Move the route first so it is reachable, then apply both edits.
        interact(() -> view.model().execute(ConfigCommands.moveRoute("specific", 0)));
        clickOn("#apply");
        await().atMost(WAIT).until(() -> lookup("#apply-review").query().isVisible());
        clickOn("#confirm-apply");
        await().atMost(WAIT).until(() -> gateway.get("/api/v2/x").body().equals("edited by form"));

        clickOn("#undo");
        clickOn("#undo");
        assertThat(((RouteAction.DirectResponse) route("specific").action()).body()).isEqualTo("specific");
    }

    @Test
    void clusterAndConsumerFormsEditTheirItems() {
        await().atMost(WAIT).until(() -> view.model().runningVersion() == 1);
        clickOn("#cluster-cell-spare");
        replaceText("#cluster-endpoints", "127.0.0.1:9\n127.0.0.1:10 4");
        clickOn("#cluster-save");
        ClusterConfig spare = view.model().config().cluster("spare").orElseThrow();
        assertThat(spare.endpoints()).extracting(EndpointConfig::weight).containsExactly(1, 4);

        clickOn("Consumers");
        clickOn("#consumers-add");
        assertThat(view.model().config().consumers()).hasSize(1);
        replaceText("#consumer-tier", "pro");
        replaceText("#consumer-keys", "key-one");
        clickOn("#consumer-save");
        assertThat(view.model().config().consumer("consumer-1").orElseThrow().tier()).isEqualTo("pro");
        assertThat(view.model().config().consumer("consumer-1").orElseThrow().keys()).hasSize(1);
        assertThat(view.model().isDirty()).isTrue();
    }

    @Test
    void filtersJoinAListenersChainAndRoutesMoveByKeyboard() {
        await().atMost(WAIT).until(() -> view.model().runningVersion() == 1);
        clickOn("Filters");
        clickOn("#filters-add");
        assertThat(view.model().config().filter("filter-1")).isPresent();
        replaceText("#filter-settings", "request:\n  set: {x-stamp: \"1\"}\n");
        clickOn("#filter-on-public");
        clickOn("#filter-save");
        assertThat(view.model().config().listener("public").orElseThrow().filters()).containsExactly("filter-1");
        assertThat(view.model().config().filter("filter-1").orElseThrow().config().at("/request/set/x-stamp").asText())
                .isEqualTo("1");
        clickOn("#undo");
        assertThat(view.model().config().listener("public").orElseThrow().filters()).as("one save, one undo").isEmpty();

        clickOn("#route-cell-specific");
        press(KeyCode.ALT).type(KeyCode.UP).release(KeyCode.ALT);
        assertThat(view.model().config().routes()).extracting(RouteConfig::name).containsExactly("specific", "general");
    }
}
