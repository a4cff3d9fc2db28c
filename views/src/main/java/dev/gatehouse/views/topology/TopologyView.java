package dev.gatehouse.views.topology;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.views.config.TextCheck;
import dev.gatehouse.views.engine.EngineClient;
import dev.gatehouse.views.engine.TraceFeed;
import dev.gatehouse.views.engine.TraceRecord;
import dev.gatehouse.views.shell.EngineSession;
import dev.gatehouse.views.shell.WorkbenchView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.util.Duration;

/**
 * The topology: listeners → filter chains → routes → clusters → endpoints in columns, with live
 * endpoint health and ejection, request rates on route → cluster and cluster → endpoint edges, and a
 * side panel with the selected node's config and metrics. Traces are drained off the FX thread in
 * batches ({@value #DRAIN_HZ} Hz) into rolling rates; the FX thread gets one snapshot per tick. The
 * graph is rebuilt when the running config version changes.
 */
public final class TopologyView implements WorkbenchView {
    static final int DRAIN_HZ = 5;
    static final int RATE_WINDOW_SECONDS = 10;
    private static final int DRAIN_BATCH = 20_000;
    private static final double COLUMN_WIDTH = 270;
    private static final double NODE_WIDTH = 190;
    private static final double NODE_HEIGHT = 46;
    private static final double ROW_GAP = 14;
    private static final double MARGIN = 20;

    private final EngineSession session;
    private final ScheduledExecutorService drainer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "topology-trace-drain");
        t.setDaemon(true);
        return t;
    });
    private final EdgeRates rates = new EdgeRates(RATE_WINDOW_SECONDS);
    private final List<TraceRecord> batch = new ArrayList<>();
    private TraceFeed feed; // drain thread only

    private final Pane canvas = new Pane();
    private final SplitPane root;
    private final Label selectedTitle = new Label("Select a node");
    private final TextArea snippet = new TextArea();
    private final TextArea metrics = new TextArea();
    private final Label status = new Label();
    private final Map<String, StackPane> boxes = new HashMap<>();
    private final Map<TopologyGraph.Edge, Label> edgeLabels = new HashMap<>();
    private final Timeline poll;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final ChangeListener<EngineClient> clientChanged = (o, a, c) -> engineChanged();
    private final ChangeListener<Number> versionChanged = (o, a, v) -> {
        if (v.longValue() != this.shownVersion) {
            reloadConfig();
        }
    };

    private GatewayConfig config;
    private long shownVersion = -1;
    private TopologyGraph graph;
    private Map<String, List<EndpointState>> endpoints = Map.of();
    private String selected;
    private JsonNode lastStats;

    public TopologyView(EngineSession session) {
        this.session = session;
        canvas.setId("topology-canvas");
        canvas.getStyleClass().add("topology");
        canvas.setOnMouseClicked(e -> {
            if (e.getTarget() == canvas) {
                select(null);
            }
        });
        // The graph shrinks to fit the viewport's width (never grows), so all five columns stay in sight.
        Scale zoom = new Scale(1, 1, 0, 0);
        canvas.getTransforms().add(zoom);
        ScrollPane scroll = new ScrollPane(new Group(canvas));
        scroll.setId("topology-scroll");
        Runnable fit = () -> {
            double width = canvas.getPrefWidth();
            double factor = width <= 0 ? 1 : Math.max(0.5, Math.min(1, (scroll.getViewportBounds().getWidth() - 4) / width));
            zoom.setX(factor);
            zoom.setY(factor);
        };
        scroll.viewportBoundsProperty().addListener((o, a, b) -> fit.run());
        canvas.prefWidthProperty().addListener((o, a, b) -> fit.run());
        selectedTitle.setId("topology-selected");
        selectedTitle.getStyleClass().add("section-title");
        snippet.setId("topology-snippet");
        snippet.setEditable(false);
        snippet.getStyleClass().add("monospace");
        metrics.setId("topology-metrics");
        metrics.setEditable(false);
        metrics.setWrapText(true);
        status.setId("topology-status");
        status.setWrapText(true);
        VBox side = new VBox(6, selectedTitle, new Label("Config"), snippet, new Label("Metrics"), metrics, status);
        side.setPadding(new Insets(8));
        VBox.setVgrow(snippet, Priority.ALWAYS);
        VBox.setVgrow(metrics, Priority.ALWAYS);
        root = new SplitPane(scroll, side);
        root.setDividerPositions(0.75);
        root.getStylesheets().add(TopologyView.class.getResource("topology.css").toExternalForm());

        session.clientProperty().addListener(clientChanged);
        session.configVersionProperty().addListener(versionChanged);
        poll = new Timeline(new KeyFrame(Duration.seconds(1), e -> pollEngine()));
        poll.setCycleCount(Animation.INDEFINITE);
        poll.play();
        drainer.scheduleAtFixedRate(this::drain, 0, 1000 / DRAIN_HZ, TimeUnit.MILLISECONDS);
        engineChanged();
    }

    @Override
    public String title() {
        return "Topology";
    }

    @Override
    public Node node() {
        return root;
    }

    /** The graph drawn now, null before the config arrived. */
    public TopologyGraph graph() {
        return graph;
    }

    /** Selects a node by its graph id (as a click does), or clears the selection with null. */
    public void select(String id) {
        if (selected != null && boxes.containsKey(selected)) {
            boxes.get(selected).getStyleClass().remove("selected");
        }
        selected = id != null && graph != null && graph.node(id) != null ? id : null;
        if (selected == null) {
            selectedTitle.setText("Select a node");
            snippet.clear();
            metrics.clear();
            return;
        }
        boxes.get(selected).getStyleClass().add("selected");
        TopologyGraph.Node n = graph.node(selected);
        selectedTitle.setText(n.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + n.name());
        snippet.setText(ConfigSnippet.of(config, n));
        showMetrics();
        fetchStats();
    }

    @Override
    public void close() {
        poll.stop();
        session.clientProperty().removeListener(clientChanged);
        session.configVersionProperty().removeListener(versionChanged);
        drainer.execute(this::closeFeed);
        drainer.shutdown();
    }

    // ---- engine

    private void engineChanged() {
        EngineClient client = session.client();
        drainer.execute(() -> {
            closeFeed();
            feed = client.openTraceFeed();
        });
        shownVersion = -1;
        reloadConfig();
    }

    private void closeFeed() {
        if (feed != null) {
            feed.close();
            feed = null;
        }
    }

    /** Drain thread: moves waiting traces into the rates, then hands the FX thread one snapshot. */
    private void drain() {
        try {
            if (feed == null) {
                return;
            }
            batch.clear();
            feed.drainTo(batch, DRAIN_BATCH);
            for (TraceRecord t : batch) {
                rates.record(t);
            }
            long now = System.currentTimeMillis();
            rates.prune(now);
            Map<TopologyGraph.Edge, Double> snapshot = rates.snapshot(now);
            long dropped = feed.dropped();
            Platform.runLater(() -> showRates(snapshot, dropped));
        } catch (RuntimeException e) {
            // A broken feed must not kill the schedule; it shows in the status line and the next tick tries again.
            Platform.runLater(() -> status.setText("Trace feed: " + e.getMessage()));
        }
    }

    private void pollEngine() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        EngineClient client = session.client();
        CompletableFuture<Long> version = client.currentVersion();
        client.clusters().thenCombine(version, (json, v) -> {
            Map<String, List<EndpointState>> parsed = EndpointState.parse(json);
            return Map.entry(parsed, v);
        }).whenComplete((result, failure) -> Platform.runLater(() -> {
            polling.set(false);
            if (client != session.client()) {
                return;
            }
            if (failure != null) {
                status.setText("Cannot reach " + client.describe() + ": " + failure.getMessage());
                return;
            }
            if (result.getValue() != shownVersion) {
                reloadConfig();
            }
            showEndpoints(result.getKey());
        }));
        if (selected != null) {
            fetchStats();
        }
    }

    private void fetchStats() {
        EngineClient client = session.client();
        client.stats().whenComplete((json, failure) -> Platform.runLater(() -> {
            if (failure == null && client == session.client()) {
                lastStats = json;
                showMetrics();
            }
        }));
    }

    private void reloadConfig() {
        EngineClient client = session.client();
        client.currentVersion().thenCombine(client.runningConfigYaml(), (v, yaml) -> Map.entry(v, TextCheck.of(yaml)))
                .whenComplete((loaded, failure) -> Platform.runLater(() -> {
                    if (client != session.client()) {
                        return;
                    }
                    if (failure != null || !loaded.getValue().valid()) {
                        status.setText("Cannot read the running config: "
                                + (failure != null ? failure.getMessage() : loaded.getValue().errors().get(0)));
                        return;
                    }
                    shownVersion = loaded.getKey();
                    config = loaded.getValue().config();
                    rebuild();
                }));
    }

    // ---- drawing

    private void rebuild() {
        Map<String, List<String>> live = new LinkedHashMap<>();
        endpoints.forEach((cluster, list) -> live.put(cluster, list.stream().map(EndpointState::address).toList()));
        graph = TopologyGraph.of(config, live);
        canvas.getChildren().clear();
        boxes.clear();
        edgeLabels.clear();
        double[] nextY = new double[TopologyGraph.Kind.values().length];
        Arrays.fill(nextY, MARGIN);
        for (TopologyGraph.Node n : graph.nodes()) {
            int column = n.kind().column();
            StackPane box = box(n);
            box.relocate(MARGIN + column * COLUMN_WIDTH, nextY[column]);
            nextY[column] += NODE_HEIGHT + ROW_GAP;
            boxes.put(n.id(), box);
        }
        List<Node> lines = new ArrayList<>();
        List<Node> labels = new ArrayList<>();
        for (TopologyGraph.Edge e : graph.edges()) {
            StackPane from = boxes.get(e.from());
            StackPane to = boxes.get(e.to());
            double x1 = from.getLayoutX() + NODE_WIDTH;
            double y1 = from.getLayoutY() + NODE_HEIGHT / 2;
            double x2 = to.getLayoutX();
            double y2 = to.getLayoutY() + NODE_HEIGHT / 2;
            double bend = (x2 - x1) / 2;
            CubicCurve curve = new CubicCurve(x1, y1, x1 + bend, y1, x2 - bend, y2, x2, y2);
            curve.getStyleClass().add("edge");
            curve.setFill(null);
            lines.add(curve);
            if (graph.node(e.from()).kind() == TopologyGraph.Kind.ROUTE || graph.node(e.from()).kind() == TopologyGraph.Kind.CLUSTER) {
                Label rate = new Label();
                rate.getStyleClass().add("edge-rate");
                rate.setId(rateId(e));
                rate.relocate((x1 + x2) / 2 - 20, (y1 + y2) / 2 - 16);
                edgeLabels.put(e, rate);
                labels.add(rate);
            }
        }
        canvas.getChildren().addAll(lines);
        canvas.getChildren().addAll(boxes.values());
        canvas.getChildren().addAll(labels);
        double height = Arrays.stream(nextY).max().orElse(MARGIN) + MARGIN;
        canvas.setPrefSize(MARGIN * 2 + (TopologyGraph.Kind.values().length - 1) * COLUMN_WIDTH + NODE_WIDTH, height);
        showEndpointStyles();
        select(selected);
    }

    private StackPane box(TopologyGraph.Node n) {
        Rectangle shape = new Rectangle(NODE_WIDTH, NODE_HEIGHT);
        shape.setArcWidth(14);
        shape.setArcHeight(14);
        shape.getStyleClass().add("node-shape");
        Label name = new Label(n.name());
        name.getStyleClass().add("node-name");
        Label detail = new Label(n.detail());
        detail.getStyleClass().add("node-detail");
        VBox text = new VBox(1, name, detail);
        text.setPadding(new Insets(4, 8, 4, 8));
        text.setMaxWidth(NODE_WIDTH);
        StackPane box = new StackPane(shape, text);
        box.setId(cssId(n.id()));
        box.getStyleClass().addAll("topology-node", n.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        box.setPrefSize(NODE_WIDTH, NODE_HEIGHT);
        box.setUserData(n.id());
        box.setOnMouseClicked(e -> select(n.id()));
        Tooltip.install(box, new Tooltip(n.name() + "\n" + n.detail()));
        return box;
    }

    private void showEndpoints(Map<String, List<EndpointState>> latest) {
        endpoints = latest;
        if (config != null && !drawnEndpoints().equals(addresses(latest))) {
            rebuild();
        } else {
            showEndpointStyles();
            if (selected != null) {
                showMetrics();
            }
        }
    }

    /** Endpoint addresses by cluster as drawn now, for the clusters the engine reports. */
    private Map<String, List<String>> drawnEndpoints() {
        Map<String, List<String>> out = new TreeMap<>();
        if (graph != null) {
            for (String cluster : endpoints.keySet()) {
                if (graph.node(TopologyGraph.clusterId(cluster)) != null) {
                    out.put(cluster, graph.column(TopologyGraph.Kind.ENDPOINT).stream()
                            .filter(n -> cluster.equals(n.owner())).map(TopologyGraph.Node::name).toList());
                }
            }
        }
        return out;
    }

    private Map<String, List<String>> addresses(Map<String, List<EndpointState>> states) {
        Map<String, List<String>> out = new TreeMap<>();
        states.forEach((c, list) -> {
            if (graph != null && graph.node(TopologyGraph.clusterId(c)) != null) {
                out.put(c, list.stream().map(EndpointState::address).toList());
            }
        });
        return out;
    }

    private void showEndpointStyles() {
        for (List<EndpointState> list : endpoints.values()) {
            for (EndpointState s : list) {
                StackPane box = boxes.get(TopologyGraph.endpointId(s.cluster(), s.address()));
                if (box == null) {
                    continue;
                }
                box.getStyleClass().removeAll("healthy", "unhealthy", "ejected", "drained");
                box.getStyleClass().add(s.state());
                Label detail = (Label) ((VBox) box.getChildren().get(1)).getChildren().get(1);
                detail.setText(s.state() + (s.reason().isEmpty() ? "" : ": " + s.reason()) + "  w" + s.weight());
            }
        }
        for (String cluster : endpoints.keySet()) {
            StackPane box = boxes.get(TopologyGraph.clusterId(cluster));
            if (box != null) {
                long serving = endpoints.get(cluster).stream().filter(EndpointState::serving).count();
                box.getStyleClass().removeAll("degraded", "down");
                if (serving == 0 && !endpoints.get(cluster).isEmpty()) {
                    box.getStyleClass().add("down");
                } else if (serving < endpoints.get(cluster).size()) {
                    box.getStyleClass().add("degraded");
                }
            }
        }
    }

    private void showRates(Map<TopologyGraph.Edge, Double> snapshot, long dropped) {
        for (Map.Entry<TopologyGraph.Edge, Label> e : edgeLabels.entrySet()) {
            Double rate = snapshot.get(e.getKey());
            e.getValue().setText(rate == null ? "" : formatRate(rate));
        }
        if (dropped > 0) {
            status.setText(dropped + " trace(s) dropped by the feed: rates are a lower bound");
        }
    }

    /** The scene-graph id of a graph node's box, e.g. {@code topo-endpoint-backend-127-0-0-1-8080}, for CSS lookups. */
    public static String cssId(String graphId) {
        return "topo-" + graphId.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    /** The scene-graph id of an edge's rate label. */
    public static String rateId(TopologyGraph.Edge edge) {
        return "rate-" + cssId(edge.from()) + "--" + cssId(edge.to());
    }

    /** {@code 15  requests_total {code_class="2xx"}}: the value first, the selected node's own label left out. */
    static String formatMetric(String key, String ownLabel, double value) {
        String name = key.startsWith("gatehouse_") ? key.substring("gatehouse_".length()) : key;
        name = name.replace(ownLabel + ",", "").replace("," + ownLabel, "").replace("{" + ownLabel + "}", "");
        String number = value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.3f", value);
        return number + "  " + name;
    }

    static String formatRate(double perSecond) {
        return perSecond >= 10 ? String.format(Locale.ROOT, "%.0f/s", perSecond)
                : String.format(Locale.ROOT, "%.1f/s", perSecond);
    }

    private void showMetrics() {
        if (selected == null || graph == null) {
            return;
        }
        TopologyGraph.Node n = graph.node(selected);
        StringBuilder text = new StringBuilder();
        if (n.kind() == TopologyGraph.Kind.ENDPOINT || n.kind() == TopologyGraph.Kind.CLUSTER) {
            for (EndpointState s : endpoints.getOrDefault(n.kind() == TopologyGraph.Kind.ENDPOINT ? n.owner() : n.name(), List.of())) {
                if (n.kind() == TopologyGraph.Kind.CLUSTER || s.address().equals(n.name())) {
                    text.append(s.address()).append(": ").append(s.serving() ? s.state() : s.state().toUpperCase(Locale.ROOT))
                            .append(s.reason().isEmpty() ? "" : " (" + s.reason() + ")")
                            .append(", active ").append(s.activeRequests()).append(", total ").append(s.totalRequests())
                            .append(", failed ").append(s.failedRequests()).append('\n');
                }
            }
        }
        String label = switch (n.kind()) {
            case LISTENER, FILTER_CHAIN -> "listener";
            case ROUTE -> "route";
            default -> "cluster";
        };
        String name = n.kind() == TopologyGraph.Kind.FILTER_CHAIN ? n.id().substring("chain:".length())
                : n.kind() == TopologyGraph.Kind.ENDPOINT ? n.owner() : n.name();
        if (lastStats != null) {
            String needle = label + "=\"" + name + "\"";
            for (Iterator<Map.Entry<String, JsonNode>> it = lastStats.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                if (m.getKey().contains(needle)) {
                    text.append(formatMetric(m.getKey(), needle, m.getValue().asDouble())).append('\n');
                }
            }
        }
        metrics.setText(text.length() == 0 ? "(no metrics yet)" : text.toString());
    }
}
