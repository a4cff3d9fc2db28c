package dev.gatehouse.views.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.engine.config.ClusterConfig;
import dev.gatehouse.engine.config.ConsumerConfig;
import dev.gatehouse.engine.config.EndpointConfig;
import dev.gatehouse.engine.config.FilterConfig;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.config.HostPort;
import dev.gatehouse.engine.config.RouteAction;
import dev.gatehouse.engine.config.RouteConfig;
import dev.gatehouse.engine.config.RouteMatch;
import dev.gatehouse.engine.config.Shadowing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The editor's view-model without a toolkit: commands, undo/redo, reordering, retargeting, dirty state, text. */
class ConfigEditModelTest {
    static final String YAML = """
            listeners:
              - name: public
                address: 127.0.0.1:8080
            routes:
              - name: everything
                match: {prefix: /}
                direct_response: {status: 200, body: "general"}
              - name: api
                match: {prefix: /api}
                cluster: a
              - name: health
                match: {path: /health}
                direct_response: {status: 200, body: "ok"}
            clusters:
              - name: a
                endpoints: [{address: 127.0.0.1:9001}]
              - name: b
                endpoints: [{address: 127.0.0.1:9002}]
            """;

    private ConfigEditModel model;
    private GatewayConfig original;

    @BeforeEach
    void load() {
        original = TextCheck.of(YAML).config();
        model = new ConfigEditModel(5);
        model.load(original, 7);
    }

    private List<String> routeNames() {
        return model.config().routes().stream().map(RouteConfig::name).toList();
    }

    @Test
    void reorderingMovesOneRouteAndUndoRedoWalkTheHistory() {
        assertThat(model.isDirty()).isFalse();
        assertThat(model.execute(ConfigCommands.moveRoute("api", 0))).isTrue();
        assertThat(routeNames()).containsExactly("api", "everything", "health");
        model.execute(ConfigCommands.moveRoute("everything", 2));
        assertThat(routeNames()).containsExactly("api", "health", "everything");
        assertThat(model.isDirty()).isTrue();
        assertThat(model.undoDescriptionProperty().get()).isEqualTo("Undo move route 'everything' to position 3");

        assertThat(model.undo()).isTrue();
        assertThat(routeNames()).containsExactly("api", "everything", "health");
        assertThat(model.undo()).isTrue();
        assertThat(model.config()).isEqualTo(original);
        assertThat(model.isDirty()).isFalse();
        assertThat(model.undo()).isFalse();
        assertThat(model.canRedoProperty().get()).isTrue();

        model.redo();
        assertThat(routeNames()).containsExactly("api", "everything", "health");
        model.execute(ConfigCommands.moveRoute("health", 0));
        assertThat(model.canRedoProperty().get()).as("a new edit drops the redo stack").isFalse();
    }

    @Test
    void reorderingChangesWhichRoutesAreShadowed() {
        assertThat(model.shadowing()).extracting(Shadowing::route).containsExactly("api", "health");
        model.execute(ConfigCommands.moveRoute("everything", 2));
        assertThat(model.shadowing()).isEmpty();
    }

    @Test
    void retargetingSendsARouteToAnotherCluster() {
        model.execute(ConfigCommands.retargetRoute("health", "b"));
        RouteConfig health = model.config().routes().get(2);
        assertThat(health.action()).isEqualTo(new RouteAction.Cluster("b"));
        assertThat(health.match().path()).isEqualTo("/health");
        assertThatThrownBy(() -> model.execute(ConfigCommands.retargetRoute("api", "nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no cluster 'nope'");
        assertThat(model.execute(ConfigCommands.retargetRoute("api", "a"))).as("no change, no history").isFalse();
        model.undo();
        assertThat(model.config()).isEqualTo(original);
    }

    @Test
    void addsEditsAndRemovesEveryKind() {
        RouteConfig extra = new RouteConfig("extra", "default", RouteMatch.prefix("/x"), new RouteAction.Cluster("b"),
                null, RouteConfig.DEFAULT_TIMEOUT, null, dev.gatehouse.engine.config.HeaderMutations.NONE,
                dev.gatehouse.engine.config.HeaderMutations.NONE);
        model.execute(ConfigCommands.addRoute(extra, 1));
        assertThat(routeNames()).containsExactly("everything", "extra", "api", "health");
        assertThatThrownBy(() -> model.execute(ConfigCommands.addRoute(extra, 0))).hasMessageContaining("already");

        ClusterConfig a = model.config().cluster("a").orElseThrow();
        ClusterConfig renamed = new ClusterConfig("alpha", a.discovery(), a.endpoints(), "least_request", a.hashOn(),
                a.connectTimeout(), a.dnsRefresh(), a.protocol(), a.tls(), a.pool());
        model.execute(ConfigCommands.editCluster("a", renamed));
        assertThat(model.config().routes().get(2).action()).as("routes follow a renamed cluster")
                .isEqualTo(new RouteAction.Cluster("alpha"));
        model.execute(ConfigCommands.setEndpoints("alpha", List.of(
                new EndpointConfig(new HostPort("127.0.0.1", 9003), null, 3))));
        assertThat(model.config().cluster("alpha").orElseThrow().endpoints()).extracting(EndpointConfig::weight)
                .containsExactly(3);

        model.execute(ConfigCommands.addFilter(new FilterConfig("stamp", "headers", null)));
        model.execute(ConfigCommands.setFilterChain("public", List.of("stamp")));
        assertThat(model.config().listener("public").orElseThrow().filters()).containsExactly("stamp");
        model.execute(ConfigCommands.removeFilter("stamp"));
        assertThat(model.config().listener("public").orElseThrow().filters()).isEmpty();

        model.execute(ConfigCommands.addConsumer(new ConsumerConfig("ann", "free", List.of(), Map.of())));
        model.execute(ConfigCommands.editConsumer("ann", new ConsumerConfig("ann", "pro", List.of(), Map.of())));
        assertThat(model.config().consumer("ann").orElseThrow().tier()).isEqualTo("pro");
        model.execute(ConfigCommands.removeRoute("extra"));
        assertThat(routeNames()).containsExactly("everything", "api", "health");
    }

    @Test
    void clusterEditsKeepTheFieldsTheFormDoesNotShow() {
        GatewayConfig resilient = TextCheck.of(YAML.replace("""
                  - name: b
                    endpoints: [{address: 127.0.0.1:9002}]
                """, """
                  - name: b
                    endpoints: [{address: 127.0.0.1:9002}]
                    outlier_detection: {consecutive_5xx: 3}
                    health_check: {type: tcp, interval: 5s}
                    panic_threshold: 20
                """)).config();
        assertThat(resilient).isNotNull();
        model.load(resilient, 1);
        ClusterConfig before = resilient.cluster("b").orElseThrow();
        model.execute(ConfigCommands.setEndpoints("b", List.of(new EndpointConfig(new HostPort("127.0.0.1", 9003), null, 2))));
        ClusterConfig after = model.config().cluster("b").orElseThrow();
        assertThat(after.outlierDetection()).isEqualTo(before.outlierDetection()).isNotNull();
        assertThat(after.healthCheck()).isEqualTo(before.healthCheck()).isNotNull();
        assertThat(after.panicThreshold()).isEqualTo(20);
        assertThat(after.circuitBreakers()).isEqualTo(before.circuitBreakers());
    }

    @Test
    void historyIsBounded() {
        for (int i = 0; i < 8; i++) {
            model.execute(ConfigCommands.moveRoute("everything", i % 2 == 0 ? 2 : 0));
        }
        int undone = 0;
        while (model.undo()) {
            undone++;
        }
        assertThat(undone).isEqualTo(5);
    }

    @Test
    void validTextBecomesAnUndoableEditAndInvalidTextKeepsItsErrorsPositioned() {
        String edited = model.text().replace("body: general", "body: changed");
        assertThat(edited).isNotEqualTo(model.text());
        model.textEdited(edited);
        assertThat(model.textCheckedProperty().get()).isFalse();
        model.acceptCheck(TextCheck.of(edited));
        assertThat(model.text()).isEqualTo(edited);
        assertThat(((RouteAction.DirectResponse) model.config().routes().get(0).action()).body()).isEqualTo("changed");
        assertThat(model.isDirty()).isTrue();

        String broken = edited.replace("cluster: a", "cluster: nowhere");
        model.textEdited(broken);
        model.acceptCheck(TextCheck.of(edited)); // a stale check: ignored
        assertThat(model.textHasErrors()).isFalse();
        model.acceptCheck(TextCheck.of(broken));
        assertThat(model.textHasErrors()).isTrue();
        TextProblem problem = model.problems().get(0);
        int line = broken.lines().toList().indexOf(broken.lines().filter(l -> l.contains("nowhere")).findFirst().orElseThrow()) + 1;
        assertThat(problem.line()).isEqualTo(line);
        assertThat(problem.column()).isPositive();
        assertThat(problem.message()).contains("nowhere");
        assertThat(model.config().routes().get(1).action()).as("the last valid config stays")
                .isEqualTo(new RouteAction.Cluster("a"));

        model.undo();
        assertThat(model.config()).isEqualTo(original);
        assertThat(model.problems()).isEmpty();
        assertThat(TextCheck.of(model.text()).config()).isEqualTo(original);
    }

    @Test
    void followsTheRunningConfigUnlessThereAreUnappliedEdits() {
        GatewayConfig elsewhere = ConfigCommands.moveRoute("health", 0).applyTo(original);
        model.runningChanged(elsewhere, 8);
        assertThat(model.config()).isEqualTo(elsewhere);
        assertThat(model.isDirty()).isFalse();

        model.execute(ConfigCommands.retargetRoute("api", "b"));
        model.runningChanged(original, 9);
        assertThat(model.runningVersion()).isEqualTo(9);
        assertThat(model.config().routes().get(2).action()).isEqualTo(new RouteAction.Cluster("b"));
        assertThat(model.isDirty()).isTrue();

        model.runningChanged(model.config(), 10);
        assertThat(model.isDirty()).as("applied").isFalse();
        assertThat(model.canUndoProperty().get()).as("an applied edit can still be undone").isTrue();
        model.undo();
        assertThat(model.isDirty()).isTrue();
    }

    @Test
    void diffShowsWhatApplyWouldChange() {
        assertThat(model.diffAgainstRunning().isEmpty()).isTrue();
        model.execute(ConfigCommands.retargetRoute("api", "b"));
        ConfigDiff diff = model.diffAgainstRunning();
        assertThat(diff.lines()).filteredOn(l -> l.kind() == ConfigDiff.Kind.REMOVED).extracting(ConfigDiff.Line::text)
                .containsExactly("-    cluster: a");
        assertThat(diff.lines()).filteredOn(l -> l.kind() == ConfigDiff.Kind.ADDED).extracting(ConfigDiff.Line::text)
                .containsExactly("+    cluster: b");
        assertThat(diff.lines().get(0).kind()).isEqualTo(ConfigDiff.Kind.HEADER);
        assertThat(diff.lines()).anyMatch(l -> l.kind() == ConfigDiff.Kind.HUNK);
    }

    @Test
    void diffOfTextsMarksAddedAndRemovedLines() {
        ConfigDiff diff = ConfigDiff.between("a\nb\nc\n", "a\nc\nd\n");
        assertThat(diff.removed()).isEqualTo(1);
        assertThat(diff.added()).isEqualTo(1);
        assertThat(diff.lines()).extracting(ConfigDiff.Line::text).contains("-b", "+d", " a");
    }
}
