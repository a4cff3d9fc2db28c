package dev.gatehouse.views.config;

import dev.gatehouse.engine.config.ClusterConfig;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.config.RouteConfig;
import dev.gatehouse.engine.config.Shadowing;
import dev.gatehouse.engine.config.VirtualHostConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseDragEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The routes as an ordered list and the clusters beside them. Dragging a route between others moves
 * it (first match wins, so this changes routing, and the list says so); dropping it on a cluster
 * sends its requests there. Routes an earlier route shadows are marked. Drags use JavaFX's
 * press-drag-release gesture inside the scene, not the platform's drag and drop, so they behave the
 * same on every platform and under a headless toolkit.
 */
final class RoutesPane {
    static final String ORDER_NOTE = "First match wins: order matters. Drag a route to reorder it, or onto a cluster to send it there.";

    private final ConfigEditModel model;
    private final Consumer<String> status;
    private final ListView<RouteConfig> routes = new ListView<>();
    private final ListView<ClusterConfig> clusters = new ListView<>();
    private final VBox routeBox;
    private final VBox clusterBox;
    private Map<String, Shadowing> shadowed = Map.of();

    RoutesPane(ConfigEditModel model, Consumer<String> status) {
        this.model = model;
        this.status = status;

        routes.setId("routes");
        routes.setCellFactory(v -> new RouteCell());
        routes.setOnKeyPressed(e -> {
            if (e.isAltDown() && (e.getCode() == KeyCode.UP || e.getCode() == KeyCode.DOWN)) {
                moveSelected(e.getCode() == KeyCode.UP ? -1 : 1);
                e.consume();
            }
        });
        // A route dropped below the last one goes last.
        routes.setOnMouseDragReleased(e -> {
            RouteConfig dragged = draggedRoute(e);
            if (dragged != null) {
                move(dragged.name(), routes.getItems().size());
            }
        });
        Label note = new Label(ORDER_NOTE);
        note.setId("route-order-note");
        note.setWrapText(true);
        note.getStyleClass().add("order-note");
        Button up = new Button("Move up");
        up.setId("route-up");
        up.setOnAction(e -> moveSelected(-1));
        Button down = new Button("Move down");
        down.setId("route-down");
        down.setOnAction(e -> moveSelected(1));
        Button remove = new Button("Remove");
        remove.setId("route-remove");
        remove.setOnAction(e -> selectedRoute().ifPresent(r -> run(ConfigCommands.removeRoute(r.name()))));
        up.disableProperty().bind(routes.getSelectionModel().selectedItemProperty().isNull());
        down.disableProperty().bind(up.disableProperty());
        remove.disableProperty().bind(up.disableProperty());
        Label routesTitle = new Label("Routes");
        routesTitle.getStyleClass().add("section-title");
        routeBox = new VBox(6, routesTitle, note, routes, new HBox(6, up, down, remove));
        VBox.setVgrow(routes, Priority.ALWAYS);

        clusters.setId("clusters");
        clusters.setCellFactory(v -> new ClusterCell());
        Label clustersTitle = new Label("Clusters");
        clustersTitle.getStyleClass().add("section-title");
        Label dropNote = new Label("Drop a route here to send its requests to that cluster.");
        dropNote.setWrapText(true);
        clusterBox = new VBox(6, clustersTitle, dropNote, clusters);
        VBox.setVgrow(clusters, Priority.ALWAYS);

        model.configProperty().addListener((obs, old, now) -> show(now));
        show(model.config());
    }

    Node routesNode() {
        return routeBox;
    }

    Node clustersNode() {
        return clusterBox;
    }

    ListView<RouteConfig> routeList() {
        return routes;
    }

    ListView<ClusterConfig> clusterList() {
        return clusters;
    }

    private Optional<RouteConfig> selectedRoute() {
        return Optional.ofNullable(routes.getSelectionModel().getSelectedItem());
    }

    private void show(GatewayConfig config) {
        String selectedRoute = selectedRoute().map(RouteConfig::name).orElse(null);
        String selectedCluster = clusters.getSelectionModel().getSelectedItem() == null ? null
                : clusters.getSelectionModel().getSelectedItem().name();
        Map<String, Shadowing> byName = new HashMap<>();
        for (Shadowing s : model.shadowing()) {
            byName.put(s.route(), s);
        }
        shadowed = byName;
        routes.getItems().setAll(config == null ? List.of() : config.routes());
        clusters.getItems().setAll(config == null ? List.of() : config.clusters());
        reselect(routes, selectedRoute, RouteConfig::name);
        reselect(clusters, selectedCluster, ClusterConfig::name);
    }

    private static <T> void reselect(ListView<T> list, String name, Function<T, String> nameOf) {
        if (name == null) {
            return;
        }
        for (T item : list.getItems()) {
            if (nameOf.apply(item).equals(name)) {
                list.getSelectionModel().select(item);
                return;
            }
        }
    }

    private void moveSelected(int delta) {
        selectedRoute().ifPresent(r -> {
            int to = routes.getItems().indexOf(r) + delta;
            if (to >= 0 && to < routes.getItems().size()) {
                run(ConfigCommands.moveRoute(r.name(), to));
            }
        });
    }

    /** Moves a route so it comes before the route now at {@code insertAt} (or last, at the size). */
    private void move(String route, int insertAt) {
        int from = indexOf(route);
        int to = insertAt > from ? insertAt - 1 : insertAt;
        if (from >= 0 && to != from) {
            run(ConfigCommands.moveRoute(route, to));
        }
    }

    private int indexOf(String route) {
        for (int i = 0; i < routes.getItems().size(); i++) {
            if (routes.getItems().get(i).name().equals(route)) {
                return i;
            }
        }
        return -1;
    }

    private void run(ConfigCommand command) {
        try {
            if (model.execute(command)) {
                status.accept(command.description());
            }
        } catch (IllegalArgumentException e) {
            status.accept("Cannot " + command.description() + ": " + e.getMessage());
        }
    }

    private static RouteConfig draggedRoute(MouseDragEvent e) {
        return e.getGestureSource() instanceof RouteCell ? ((RouteCell) e.getGestureSource()).getItem() : null;
    }

    private final class RouteCell extends ListCell<RouteConfig> {
        private final Label position = new Label();
        private final Label name = new Label();
        private final Label badge = new Label("shadowed");
        private final Label match = new Label();
        private final Label action = new Label();
        private final VBox box;

        RouteCell() {
            name.getStyleClass().add("route-name");
            position.getStyleClass().add("route-position");
            badge.getStyleClass().add("shadow-badge");
            match.getStyleClass().add("route-match");
            action.getStyleClass().add("route-action");
            box = new VBox(2, new HBox(6, position, name, badge), match, action);

            setOnDragDetected(e -> {
                if (getItem() != null) {
                    startFullDrag();
                    getStyleClass().add("dragging");
                }
            });
            setOnMouseReleased(e -> getStyleClass().remove("dragging"));
            setOnMouseDragOver(e -> {
                if (draggedRoute(e) != null && getItem() != null) {
                    boolean above = e.getY() < getHeight() / 2;
                    getStyleClass().removeAll("drop-above", "drop-below");
                    getStyleClass().add(above ? "drop-above" : "drop-below");
                }
            });
            setOnMouseDragExited(e -> getStyleClass().removeAll("drop-above", "drop-below"));
            setOnMouseDragReleased(e -> {
                getStyleClass().removeAll("drop-above", "drop-below");
                RouteConfig dragged = draggedRoute(e);
                if (dragged != null && getItem() != null) {
                    move(dragged.name(), getIndex() + (e.getY() < getHeight() / 2 ? 0 : 1));
                    e.consume();
                }
            });
        }

        @Override
        protected void updateItem(RouteConfig item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeAll("shadowed", "drop-above", "drop-below");
            if (empty || item == null) {
                setGraphic(null);
                setId(null);
                setTooltip(null);
                return;
            }
            setId("route-cell-" + item.name());
            position.setText((getIndex() + 1) + ".");
            name.setText(item.name()
                    + (item.virtualHost().equals(VirtualHostConfig.DEFAULT_NAME) ? ""
                    : "  @" + item.virtualHost()));
            match.setText(RouteText.match(item.match()));
            action.setText(RouteText.action(item.action()));
            Shadowing s = shadowed.get(item.name());
            badge.setVisible(s != null);
            badge.setManaged(s != null);
            if (s != null) {
                getStyleClass().add("shadowed");
                setTooltip(new Tooltip("Never matches: route '" + s.shadowedBy() + "' comes first (" + s.reason() + ")"));
            } else {
                setTooltip(null);
            }
            setGraphic(box);
        }
    }

    private final class ClusterCell extends ListCell<ClusterConfig> {
        ClusterCell() {
            setOnMouseDragEntered(e -> {
                if (draggedRoute(e) != null && getItem() != null) {
                    getStyleClass().add("drop-target");
                }
            });
            setOnMouseDragExited(e -> getStyleClass().remove("drop-target"));
            setOnMouseDragReleased(e -> {
                getStyleClass().remove("drop-target");
                RouteConfig dragged = draggedRoute(e);
                if (dragged != null && getItem() != null) {
                    run(ConfigCommands.retargetRoute(dragged.name(), getItem().name()));
                    e.consume();
                }
            });
        }

        @Override
        protected void updateItem(ClusterConfig item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setId(null);
                return;
            }
            setId("cluster-cell-" + item.name());
            setText(item.name() + "   " + item.lbPolicy() + ", " + item.endpoints().size() + " endpoint"
                    + (item.endpoints().size() == 1 ? "" : "s"));
        }
    }
}
