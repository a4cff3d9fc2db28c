package dev.gatehouse.views.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.gatehouse.engine.config.ApiKey;
import dev.gatehouse.engine.config.ClusterConfig;
import dev.gatehouse.engine.config.ConsumerConfig;
import dev.gatehouse.engine.config.DurationSyntax;
import dev.gatehouse.engine.config.EndpointConfig;
import dev.gatehouse.engine.config.FilterConfig;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.config.HeaderMutations;
import dev.gatehouse.engine.config.HostPort;
import dev.gatehouse.engine.config.ListenerConfig;
import dev.gatehouse.engine.config.Rewrite;
import dev.gatehouse.engine.config.RouteAction;
import dev.gatehouse.engine.config.RouteConfig;
import dev.gatehouse.engine.config.RouteMatch;
import dev.gatehouse.engine.config.VirtualHostConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Forms for the selected route or cluster, and the filters and consumers with theirs. "Save" turns
 * a form into one undoable command; a field that does not parse says why in the status line and
 * changes nothing.
 */
final class PropertySheet {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private final ConfigEditModel model;
    private final Consumer<String> status;
    private final RoutesPane routes;
    private final TabPane tabs = new TabPane();
    private final VBox selection = new VBox(8);
    private final ListView<FilterConfig> filters = new ListView<>();
    private final VBox filterForm = new VBox(8);
    private final ListView<ConsumerConfig> consumers = new ListView<>();
    private final VBox consumerForm = new VBox(8);

    PropertySheet(ConfigEditModel model, Consumer<String> status, RoutesPane routes) {
        this.model = model;
        this.status = status;
        this.routes = routes;
        selection.setPadding(new Insets(8));
        Tab selectionTab = new Tab("Properties", new ScrollPane(selection));
        ((ScrollPane) selectionTab.getContent()).setFitToWidth(true);
        Tab filterTab = new Tab("Filters", listAndForm(filters, filterForm, "filters", this::addFilter));
        Tab consumerTab = new Tab("Consumers", listAndForm(consumers, consumerForm, "consumers", this::addConsumer));
        tabs.getTabs().addAll(selectionTab, filterTab, consumerTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        filters.setCellFactory(v -> new NamedCell<>(f -> f.name() + "  (" + f.type() + ")"));
        consumers.setCellFactory(v -> new NamedCell<>(c -> c.name() + "  [" + c.tier() + "]"));
        filters.getSelectionModel().selectedItemProperty().addListener((o, a, f) -> showFilter(f));
        consumers.getSelectionModel().selectedItemProperty().addListener((o, a, c) -> showConsumer(c));
        routes.routeList().getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
            if (r != null) {
                routes.clusterList().getSelectionModel().clearSelection();
                showRoute(r);
            }
        });
        routes.clusterList().getSelectionModel().selectedItemProperty().addListener((o, a, c) -> {
            if (c != null) {
                routes.routeList().getSelectionModel().clearSelection();
                showCluster(c);
            }
        });
        model.configProperty().addListener((o, a, c) -> refreshLists(c));
        refreshLists(model.config());
        showNothing();
    }

    Node node() {
        return tabs;
    }

    private Node listAndForm(ListView<?> list, VBox form, String id, Runnable add) {
        list.setId(id);
        list.setPrefHeight(160);
        form.setPadding(new Insets(8));
        Button addButton = new Button("Add");
        addButton.setId(id + "-add");
        addButton.setOnAction(e -> add.run());
        ScrollPane scroll = new ScrollPane(form);
        scroll.setFitToWidth(true);
        VBox box = new VBox(6, list, addButton, scroll);
        box.setPadding(new Insets(6));
        VBox.setVgrow(scroll, Priority.ALWAYS);
        return box;
    }

    private void refreshLists(GatewayConfig config) {
        String filter = selectedName(filters, FilterConfig::name);
        String consumer = selectedName(consumers, ConsumerConfig::name);
        filters.getItems().setAll(config == null ? List.of() : config.filters());
        consumers.getItems().setAll(config == null ? List.of() : config.consumers());
        reselect(filters, filter, FilterConfig::name);
        reselect(consumers, consumer, ConsumerConfig::name);
        if (routes.routeList().getSelectionModel().isEmpty() && routes.clusterList().getSelectionModel().isEmpty()) {
            showNothing();
        }
    }

    private void showNothing() {
        selection.getChildren().setAll(new Label("Select a route or a cluster to edit it."),
                button("Add route", "route-add", this::addRoute), button("Add cluster", "cluster-add", this::addCluster));
    }

    // ---- routes

    private void showRoute(RouteConfig r) {
        TextField name = field("route-name", r.name());
        ChoiceBox<String> matchKind = new ChoiceBox<>();
        matchKind.getItems().setAll("prefix", "path", "regex");
        matchKind.setValue(r.match().prefix() != null ? "prefix" : r.match().path() != null ? "path" : "regex");
        TextField matchValue = field("route-match", r.match().prefix() != null ? r.match().prefix()
                : r.match().path() != null ? r.match().path() : r.match().regex());
        CheckBox caseSensitive = new CheckBox("case sensitive");
        caseSensitive.setSelected(r.match().caseSensitive());
        TextField methods = field("route-methods", FormFields.methods(r.match().methods()));
        methods.setPromptText("any method");
        TextArea headers = area("route-headers", FormFields.headers(r.match().headers()));
        headers.setPromptText("one per line: x-env: prod, x-id ~ [0-9]+, x-debug present");

        ChoiceBox<String> actionKind = new ChoiceBox<>();
        actionKind.setId("route-action-kind");
        actionKind.getItems().setAll("cluster", "direct response", "redirect");
        if (r.action() instanceof RouteAction.WeightedClusters) {
            actionKind.getItems().add("weighted split");
        }
        ComboBox<String> cluster = new ComboBox<>();
        cluster.setId("route-cluster");
        cluster.getItems().setAll(model.config().clusters().stream().map(ClusterConfig::name).toList());
        TextField status = field("route-status", "200");
        TextField body = field("route-body", "");
        TextField redirectHost = field("route-redirect-host", "");
        TextField redirectPath = field("route-redirect-path", "");
        TextField redirectStatus = field("route-redirect-status", String.valueOf(RouteAction.Redirect.DEFAULT_STATUS));
        if (r.action() instanceof RouteAction.Cluster) {
            actionKind.setValue("cluster");
            cluster.setValue(((RouteAction.Cluster) r.action()).cluster());
        } else if (r.action() instanceof RouteAction.DirectResponse) {
            RouteAction.DirectResponse d = (RouteAction.DirectResponse) r.action();
            actionKind.setValue("direct response");
            status.setText(String.valueOf(d.status()));
            body.setText(d.body());
        } else if (r.action() instanceof RouteAction.Redirect) {
            RouteAction.Redirect d = (RouteAction.Redirect) r.action();
            actionKind.setValue("redirect");
            redirectHost.setText(d.host() == null ? "" : d.host());
            redirectPath.setText(d.path() == null ? "" : d.path());
            redirectStatus.setText(String.valueOf(d.status()));
        } else {
            actionKind.setValue("weighted split");
        }
        TextField timeout = field("route-timeout", RouteText.duration(r.timeout()));
        TextField rewritePrefix = field("route-rewrite-prefix", r.rewrite() == null || r.rewrite().prefix() == null ? ""
                : r.rewrite().prefix());

        GridPane grid = grid();
        int row = 0;
        row = addRow(grid, row, "Name", name);
        row = addRow(grid, row, "Match", new HBox(4, matchKind, matchValue));
        row = addRow(grid, row, "", caseSensitive);
        row = addRow(grid, row, "Methods", methods);
        row = addRow(grid, row, "Headers", headers);
        row = addRow(grid, row, "Action", actionKind);
        row = addRow(grid, row, "Cluster", cluster);
        row = addRow(grid, row, "Answer", new HBox(4, status, body));
        row = addRow(grid, row, "Redirect", new HBox(4, redirectStatus, redirectHost, redirectPath));
        row = addRow(grid, row, "Timeout", timeout);
        addRow(grid, row, "Rewrite prefix", rewritePrefix);
        // Only the chosen action's fields are editable.
        cluster.disableProperty().bind(actionKind.valueProperty().isNotEqualTo("cluster"));
        status.disableProperty().bind(actionKind.valueProperty().isNotEqualTo("direct response"));
        body.disableProperty().bind(status.disableProperty());
        redirectStatus.disableProperty().bind(actionKind.valueProperty().isNotEqualTo("redirect"));
        redirectHost.disableProperty().bind(redirectStatus.disableProperty());
        redirectPath.disableProperty().bind(redirectStatus.disableProperty());
        rewritePrefix.disableProperty().bind(matchKind.valueProperty().isNotEqualTo("prefix"));
        status.setPrefColumnCount(4);
        redirectStatus.setPrefColumnCount(4);
        for (Control fixed : List.of(matchKind, status, redirectStatus)) {
            fixed.setMinWidth(Control.USE_PREF_SIZE);
        }
        HBox.setHgrow(matchValue, Priority.ALWAYS);
        HBox.setHgrow(body, Priority.ALWAYS);
        redirectHost.setPromptText("host");
        redirectPath.setPromptText("path");
        body.setPromptText("body");

        Button save = button("Save route", "route-save", () -> save(() -> {
            RouteMatch match = new RouteMatch(
                    "prefix".equals(matchKind.getValue()) ? matchValue.getText() : null,
                    "path".equals(matchKind.getValue()) ? matchValue.getText() : null,
                    "regex".equals(matchKind.getValue()) ? matchValue.getText() : null,
                    caseSensitive.isSelected(), FormFields.parseMethods(methods.getText()),
                    FormFields.parseHeaders(headers.getText()), r.match().query());
            RouteAction action = switch (actionKind.getValue()) {
                case "cluster" -> new RouteAction.Cluster(required(cluster.getValue(), "a cluster"));
                case "direct response" -> new RouteAction.DirectResponse(number(status.getText(), "status"), body.getText(), null);
                case "redirect" -> new RouteAction.Redirect(null, blankToNull(redirectHost.getText()), null,
                        blankToNull(redirectPath.getText()), null, number(redirectStatus.getText(), "redirect status"), false);
                default -> r.action();
            };
            Rewrite old = r.rewrite();
            String prefix = blankToNull(rewritePrefix.getText());
            Rewrite rewrite = old == null && prefix == null ? null
                    : new Rewrite(prefix, old == null ? null : old.regex(), old == null ? null : old.substitution(),
                    old == null ? null : old.host());
            if (rewrite != null && rewrite.prefix() == null && rewrite.regex() == null && rewrite.host() == null) {
                rewrite = null;
            }
            RouteConfig edited = new RouteConfig(name.getText().strip(), r.virtualHost(), match, action, rewrite,
                    DurationSyntax.parse(timeout.getText().strip()), r.retry(), r.requestHeaders(), r.responseHeaders(),
                    r.filterOverrides());
            return ConfigCommands.editRoute(r.name(), edited);
        }));
        Label title = new Label("Route '" + r.name() + "'");
        title.getStyleClass().add("form-title");
        selection.getChildren().setAll(title, grid, new HBox(8, save,
                button("Add route", "route-add", this::addRoute)));
    }

    private void addRoute() {
        GatewayConfig c = model.config();
        String name = freeName("route", c.routes().stream().map(RouteConfig::name).toList());
        RouteAction action = c.clusters().isEmpty() ? new RouteAction.DirectResponse(200, "ok", null)
                : new RouteAction.Cluster(c.clusters().get(0).name());
        RouteConfig route = new RouteConfig(name, VirtualHostConfig.DEFAULT_NAME, RouteMatch.prefix("/" + name),
                action, null, RouteConfig.DEFAULT_TIMEOUT, null, HeaderMutations.NONE, HeaderMutations.NONE);
        // New routes go first: placed last they would often sit behind a catch-all and never match.
        if (execute(ConfigCommands.addRoute(route, 0))) {
            routes.routeList().getSelectionModel().select(0);
        }
    }

    // ---- clusters

    private void showCluster(ClusterConfig c) {
        TextField name = field("cluster-name", c.name());
        ChoiceBox<String> lb = new ChoiceBox<>();
        lb.setId("cluster-lb");
        lb.getItems().setAll(ClusterConfig.LB_POLICIES);
        lb.setValue(c.lbPolicy());
        TextField connectTimeout = field("cluster-connect-timeout", RouteText.duration(c.connectTimeout()));
        TextArea endpoints = area("cluster-endpoints", FormFields.endpoints(c.endpoints()));
        endpoints.setPromptText("127.0.0.1:8081 2\nbackend:echo");
        GridPane grid = grid();
        int row = addRow(grid, 0, "Name", name);
        row = addRow(grid, row, "Balancing", lb);
        row = addRow(grid, row, "Connect timeout", connectTimeout);
        addRow(grid, row, "Endpoints (address or backend:name, weight)", endpoints);
        Button save = button("Save cluster", "cluster-save", () -> save(() -> {
            ClusterConfig edited = ConfigCommands.withBasics(c, name.getText().strip(),
                    FormFields.parseEndpoints(endpoints.getText()), lb.getValue(),
                    DurationSyntax.parse(connectTimeout.getText().strip()));
            return ConfigCommands.editCluster(c.name(), edited);
        }));
        Button remove = button("Remove cluster", "cluster-remove", () -> execute(ConfigCommands.removeCluster(c.name())));
        Label title = new Label("Cluster '" + c.name() + "'");
        title.getStyleClass().add("form-title");
        selection.getChildren().setAll(title, grid, new HBox(8, save, remove,
                button("Add cluster", "cluster-add", this::addCluster)));
    }

    private void addCluster() {
        GatewayConfig c = model.config();
        String name = freeName("cluster", c.clusters().stream().map(ClusterConfig::name).toList());
        execute(ConfigCommands.addCluster(new ClusterConfig(name, ClusterConfig.Discovery.STATIC,
                List.of(new EndpointConfig(new HostPort("127.0.0.1", 8081), null, 1)),
                ClusterConfig.DEFAULT_LB_POLICY, null, ClusterConfig.DEFAULT_CONNECT_TIMEOUT,
                ClusterConfig.DEFAULT_DNS_REFRESH, ClusterConfig.UpstreamProtocol.HTTP1, null,
                ClusterConfig.ConnectionPoolSettings.DEFAULTS)));
    }

    // ---- filters

    private void showFilter(FilterConfig f) {
        if (f == null) {
            filterForm.getChildren().clear();
            return;
        }
        TextField type = field("filter-type", f.type());
        TextArea settings = area("filter-settings", yaml(f.config()));
        settings.setPrefRowCount(8);
        GridPane grid = grid();
        int row = addRow(grid, 0, "Type", type);
        row = addRow(grid, row, "Settings (YAML)", settings);
        Map<String, CheckBox> inChain = new LinkedHashMap<>();
        for (ListenerConfig l : model.config().listeners()) {
            CheckBox enabled = new CheckBox("enabled on listener '" + l.name() + "'");
            enabled.setId("filter-on-" + l.name());
            enabled.setSelected(l.filters().contains(f.name()));
            inChain.put(l.name(), enabled);
            row = addRow(grid, row, "", enabled);
        }
        Button save = button("Save filter", "filter-save", () -> save(() -> {
            FilterConfig edited = new FilterConfig(f.name(), type.getText().strip(), parseYaml(settings.getText()));
            List<ConfigCommand> steps = new ArrayList<>();
            steps.add(ConfigCommands.editFilter(f.name(), edited));
            for (ListenerConfig l : model.config().listeners()) {
                boolean on = inChain.get(l.name()).isSelected();
                if (on != l.filters().contains(f.name())) {
                    List<String> chain = new ArrayList<>(l.filters());
                    if (on) {
                        chain.add(f.name());
                    } else {
                        chain.remove(f.name());
                    }
                    steps.add(ConfigCommands.setFilterChain(l.name(), chain));
                }
            }
            return new ConfigCommand("edit filter '" + f.name() + "'", c -> {
                GatewayConfig out = c;
                for (ConfigCommand step : steps) {
                    out = step.applyTo(out);
                }
                return out;
            });
        }));
        Button remove = button("Remove filter", "filter-remove", () -> execute(ConfigCommands.removeFilter(f.name())));
        filterForm.getChildren().setAll(chains(), grid, new HBox(8, save, remove));
    }

    /** Each listener's chain in order, so where a filter runs is visible beside its settings. */
    private Node chains() {
        VBox box = new VBox(2);
        for (ListenerConfig l : model.config().listeners()) {
            box.getChildren().add(new Label("listener " + l.name() + ": " + (l.filters().isEmpty() ? "(no filters)"
                    : String.join(" → ", l.filters())) + " → router"));
        }
        return box;
    }

    private void addFilter() {
        String name = freeName("filter", model.config().filters().stream().map(FilterConfig::name).toList());
        execute(ConfigCommands.addFilter(new FilterConfig(name, "headers", null)));
        reselect(filters, name, FilterConfig::name);
    }

    // ---- consumers

    private void showConsumer(ConsumerConfig c) {
        if (c == null) {
            consumerForm.getChildren().clear();
            return;
        }
        TextField name = field("consumer-name", c.name());
        TextField tier = field("consumer-tier", c.tier());
        TextArea keys = area("consumer-keys", String.join("\n", c.keys().stream().map(ApiKey::written).toList()));
        keys.setPromptText("one key per line, or sha256:<hex>");
        GridPane grid = grid();
        int row = addRow(grid, 0, "Name", name);
        row = addRow(grid, row, "Tier", tier);
        addRow(grid, row, "API keys", keys);
        Button save = button("Save consumer", "consumer-save", () -> save(() -> {
            List<ApiKey> parsed = new ArrayList<>();
            for (String line : keys.getText().split("\n")) {
                if (!line.isBlank()) {
                    parsed.add(ApiKey.parse(line.strip()));
                }
            }
            return ConfigCommands.editConsumer(c.name(), new ConsumerConfig(name.getText().strip(),
                    tier.getText().strip(), parsed, c.attributes()));
        }));
        Button remove = button("Remove consumer", "consumer-remove", () -> execute(ConfigCommands.removeConsumer(c.name())));
        consumerForm.getChildren().setAll(grid, new HBox(8, save, remove));
    }

    private void addConsumer() {
        String name = freeName("consumer", model.config().consumers().stream().map(ConsumerConfig::name).toList());
        execute(ConfigCommands.addConsumer(new ConsumerConfig(name, ConsumerConfig.DEFAULT_TIER, List.of(), Map.of())));
        reselect(consumers, name, ConsumerConfig::name);
    }

    // ---- helpers

    /** Builds a command from a form; a field that does not parse is reported, and nothing changes. */
    private void save(Supplier<ConfigCommand> form) {
        ConfigCommand command;
        try {
            command = form.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            status.accept("Not saved: " + e.getMessage());
            return;
        }
        execute(command);
    }

    private boolean execute(ConfigCommand command) {
        try {
            boolean changed = model.execute(command);
            status.accept(changed ? command.description() : "No change");
            return changed;
        } catch (IllegalArgumentException | NullPointerException e) {
            status.accept("Cannot " + command.description() + ": " + e.getMessage());
            return false;
        }
    }

    private static String freeName(String stem, List<String> taken) {
        for (int i = 1; ; i++) {
            String name = stem + "-" + i;
            if (!taken.contains(name)) {
                return name;
            }
        }
    }

    private static String yaml(JsonNode node) {
        if (node == null || node.isEmpty()) {
            return "";
        }
        try {
            return YAML.writeValueAsString(node);
        } catch (IOException e) {
            return node.toString();
        }
    }

    private static JsonNode parseYaml(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = YAML.readTree(text);
            if (!node.isObject()) {
                throw new IllegalArgumentException("filter settings are a YAML mapping");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("the settings are not valid YAML: " + e.getMessage(), e);
        }
    }

    private static int number(String text, String what) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number, not '" + text + "'");
        }
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("choose " + what);
        }
        return value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static <T> String selectedName(ListView<T> list, Function<T, String> name) {
        T item = list.getSelectionModel().getSelectedItem();
        return item == null ? null : name.apply(item);
    }

    private static <T> void reselect(ListView<T> list, String name, Function<T, String> nameOf) {
        if (name == null) {
            return;
        }
        list.getItems().stream().filter(i -> nameOf.apply(i).equals(name)).findFirst()
                .ifPresent(i -> list.getSelectionModel().select(i));
    }

    private static TextField field(String id, String text) {
        TextField f = new TextField(text == null ? "" : text);
        f.setId(id);
        return f;
    }

    private static TextArea area(String id, String text) {
        TextArea a = new TextArea(text);
        a.setId(id);
        a.setPrefRowCount(3);
        return a;
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(labels, fields);
        return g;
    }

    private static int addRow(GridPane grid, int row, String label, Node field) {
        grid.add(new Label(label), 0, row);
        grid.add(field, 1, row);
        if (field instanceof Control) {
            ((Control) field).setMaxWidth(Double.MAX_VALUE);
        }
        GridPane.setHgrow(field, Priority.ALWAYS);
        return row + 1;
    }

    private static final class NamedCell<T> extends ListCell<T> {
        private final Function<T, String> text;

        NamedCell(Function<T, String> text) {
            this.text = text;
        }

        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : text.apply(item));
        }
    }
}
