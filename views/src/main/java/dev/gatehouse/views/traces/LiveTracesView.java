package dev.gatehouse.views.traces;

import dev.gatehouse.views.engine.TraceRecord;
import dev.gatehouse.views.shell.TraceHub;
import dev.gatehouse.views.shell.WorkbenchView;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;

/**
 * Live traces: a virtualized, capped table of the requests the engine served, a filter bar with
 * expressions and completion, pause/resume, and a detail pane (waterfall, headers and bodies,
 * replay). It is fed by the {@link TraceHub} once per tick.
 */
public final class LiveTracesView implements WorkbenchView {
    /** Bodies longer than this are cut in the detail pane until "show all" is pressed. */
    static final int BODY_PREVIEW_CHARS = 4_096;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final PseudoClass CLIENT_ERROR = PseudoClass.getPseudoClass("client-error");
    private static final PseudoClass SERVER_ERROR = PseudoClass.getPseudoClass("server-error");

    private final TraceHub hub;
    private final TraceStore store;
    private final TraceReplay replay;
    private final Consumer<TraceHub.Batch> onBatch;
    private final BorderPane root = new BorderPane();
    private final TableView<TraceRecord> table = new TableView<>();
    private final TextField filterField = new TextField();
    private final Label counts = new Label();
    private final Label filterError = new Label();
    private final ContextMenu completion = new ContextMenu();
    private final VBox waterfall = new VBox(2);
    private final CodeArea requestArea = codeArea("trace-request");
    private final CodeArea responseArea = codeArea("trace-response");
    private final CodeArea rawArea = codeArea("trace-json");
    private final Label replayResult = new Label();
    private final ToggleButton pause = new ToggleButton("Pause");

    public LiveTracesView(TraceHub hub, int capacity, TraceReplay replay) {
        this.hub = hub;
        this.store = new TraceStore(capacity);
        this.replay = replay;
        this.onBatch = b -> {
            store.append(b.traces(), b.droppedTotal());
            counts.setText(store.summary());
        };
        build();
        hub.addListener(onBatch);
    }

    @Override
    public String title() {
        return "Live traces";
    }

    @Override
    public Node node() {
        return root;
    }

    public TraceStore store() {
        return store;
    }

    public TableView<TraceRecord> table() {
        return table;
    }

    public ToggleButton pauseButton() {
        return pause;
    }

    /** Writes the selected traces (or all shown ones when none is selected) as HAR; returns how many. */
    public int exportHar(Path file) throws IOException {
        List<TraceRecord> chosen = new ArrayList<>(table.getSelectionModel().getSelectedItems());
        if (chosen.isEmpty()) {
            chosen.addAll(store.visible());
        }
        HarExport.write(chosen, file);
        return chosen.size();
    }

    @Override
    public void close() {
        hub.removeListener(onBatch);
    }

    // ---------------------------------------------------------------- layout

    private void build() {
        root.getStyleClass().add("live-traces");
        root.setTop(filterBar());
        var split = new SplitPane(tableNode(), detailPane());
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.6);
        root.setCenter(split);
        counts.setId("trace-counts");
        counts.setText(store.summary());
        var status = new HBox(counts);
        status.setPadding(new Insets(2, 8, 2, 8));
        root.setBottom(status);
    }

    private Node filterBar() {
        filterField.setId("trace-filter");
        filterField.setPromptText("filter: status>=400 route=api method=POST consumer=free-user-123 latency>50ms   (Ctrl+Space completes)");
        filterField.setOnAction(e -> store.filterTextProperty().set(filterField.getText()));
        filterField.textProperty().addListener((obs, old, text) -> {
            store.filterTextProperty().set(text);
            showCompletion();
        });
        filterField.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.SPACE && e.isControlDown()) {
                showCompletion();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                completion.hide();
            }
        });
        filterError.setId("trace-filter-error");
        filterError.getStyleClass().add("filter-error");
        filterError.textProperty().bind(store.filterErrorProperty());
        pause.setId("pause-traces");
        pause.selectedProperty().bindBidirectional(store.pausedProperty());
        pause.textProperty().bind(javafx.beans.binding.Bindings.when(pause.selectedProperty()).then("Resume").otherwise("Pause"));
        pause.setTooltip(new Tooltip("Pause/resume the table (Ctrl+P); traces keep being counted"));
        var clear = new Button("Clear");
        clear.setOnAction(e -> store.clear());
        var har = new Button("Export HAR…");
        har.setId("export-har");
        har.setOnAction(e -> chooseHarFile());
        HBox.setHgrow(filterField, Priority.ALWAYS);
        var bar = new HBox(6, filterField, pause, clear, har);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 2, 8));
        var box = new VBox(bar, filterError);
        VBox.setMargin(filterError, new Insets(0, 8, 2, 8));
        return box;
    }

    private void showCompletion() {
        if (filterField.getScene() == null || !filterField.isFocused()) {
            return;
        }
        var suggestions = FilterCompletion.suggest(filterField.getText(), filterField.getCaretPosition(), store.known());
        completion.getItems().clear();
        for (var s : suggestions) {
            var label = new Label(s.label());
            var item = new CustomMenuItem(label, true);
            item.setOnAction(e -> {
                filterField.setText(s.text());
                filterField.positionCaret(s.caret());
            });
            completion.getItems().add(item);
        }
        if (suggestions.isEmpty()) {
            completion.hide();
        } else if (!completion.isShowing()) {
            completion.show(filterField, Side.BOTTOM, 0, 0);
        }
    }

    private void chooseHarFile() {
        var chooser = new FileChooser();
        chooser.setTitle("Export traces as HAR");
        chooser.setInitialFileName("gatehouse-traces.har");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("HTTP Archive", "*.har"));
        var file = chooser.showSaveDialog(root.getScene().getWindow());
        if (file != null) {
            try {
                int n = exportHar(file.toPath());
                replayResult.setText(n + " traces written to " + file);
            } catch (IOException e) {
                replayResult.setText("export failed: " + e.getMessage());
            }
        }
    }

    private Node tableNode() {
        table.setId("trace-table");
        table.setItems(store.visible());
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No traces yet: start the traffic generator (Ctrl+G) or send requests to the gateway"));
        table.getColumns().add(column("Time", 95, t -> TIME.format(Instant.ofEpochMilli(t.time()))));
        table.getColumns().add(column("Method", 60, TraceRecord::method));
        table.getColumns().add(column("Host", 120, TraceRecord::authority));
        table.getColumns().add(column("Path", 220, TraceRecord::path));
        table.getColumns().add(column("Route", 90, TraceRecord::route));
        table.getColumns().add(column("Status", 55, t -> Integer.toString(t.status())));
        table.getColumns().add(column("Latency", 75, t -> t.durationMs() < 0 ? "-" : String.format("%.2f ms", t.durationMs())));
        table.getColumns().add(column("Consumer", 100, TraceRecord::consumer));
        table.getColumns().add(column("Flags", 55, TraceRecord::flags));
        table.getColumns().add(column("Filters", 160, LiveTracesView::verdictGlyphs));
        table.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(TraceRecord t, boolean empty) {
                super.updateItem(t, empty);
                pseudoClassStateChanged(CLIENT_ERROR, !empty && t != null && t.status() >= 400 && t.status() < 500);
                pseudoClassStateChanged(SERVER_ERROR, !empty && t != null && (t.status() >= 500 || t.status() == 0));
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, t) -> showDetail(t));
        // Follow the newest trace unless the user scrolled away or selected one.
        store.visible().addListener((ListChangeListener<TraceRecord>) c -> {
            if (table.getSelectionModel().isEmpty() && !store.pausedProperty().get() && !store.visible().isEmpty()) {
                table.scrollTo(store.visible().size() - 1);
            }
        });
        return table;
    }

    private static TableColumn<TraceRecord, String> column(String title, double width, Function<TraceRecord, String> value) {
        var col = new TableColumn<TraceRecord, String>(title);
        col.setPrefWidth(width);
        col.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        return col;
    }

    /** Each filter's decisive verdict as one glyph: ✓ continue, ✎ modify, ✗ reject, ! error. */
    static String verdictGlyphs(TraceRecord t) {
        Map<String, String> worst = new LinkedHashMap<>();
        for (TraceRecord.FilterVerdict f : t.filters()) {
            worst.merge(f.filter(), f.verdict(), (a, b) -> rank(b) > rank(a) ? b : a);
        }
        var sb = new StringBuilder();
        worst.forEach((filter, verdict) -> sb.append(sb.length() == 0 ? "" : " ").append(filter).append(glyph(verdict)));
        return sb.toString();
    }

    private static int rank(String verdict) {
        switch (verdict) {
            case "error":
                return 3;
            case "reject":
                return 2;
            case "modify":
                return 1;
            default:
                return 0;
        }
    }

    private static String glyph(String verdict) {
        switch (verdict) {
            case "continue":
                return "✓";
            case "modify":
                return "✎";
            case "reject":
                return "✗";
            case "error":
                return "!";
            default:
                return "?";
        }
    }

    // ---------------------------------------------------------------- detail

    private Node detailPane() {
        var replayButton = new Button("Replay");
        replayButton.setId("replay-trace");
        replayButton.setTooltip(new Tooltip("Send this request again through the gateway"));
        replayButton.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        replayButton.setOnAction(e -> {
            TraceRecord t = table.getSelectionModel().getSelectedItem();
            replayResult.setText("replaying " + t.method() + " " + t.path() + "…");
            replay.replay(t).thenAccept(result -> Platform.runLater(() -> replayResult.setText(result)));
        });
        replayResult.setId("replay-result");
        var actions = new HBox(8, replayButton, replayResult);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.setPadding(new Insets(4, 8, 4, 8));
        var waterfallScroll = new ScrollPane(waterfall);
        waterfallScroll.setFitToWidth(true);
        waterfall.setPadding(new Insets(6));
        waterfall.setId("trace-waterfall");
        var tabs = new TabPane(
                new Tab("Timeline", waterfallScroll),
                new Tab("Request", new VirtualizedScrollPane<>(requestArea)),
                new Tab("Response", new VirtualizedScrollPane<>(responseArea)),
                new Tab("Trace JSON", new VirtualizedScrollPane<>(rawArea)));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("trace-detail");
        var pane = new BorderPane(tabs);
        pane.setTop(actions);
        return pane;
    }

    private static CodeArea codeArea(String id) {
        var area = new CodeArea();
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(true);
        area.getStyleClass().add("trace-code");
        return area;
    }

    private void showDetail(TraceRecord t) {
        waterfall.getChildren().clear();
        if (t == null) {
            for (CodeArea a : List.of(requestArea, responseArea, rawArea)) {
                a.clear();
            }
            return;
        }
        showWaterfall(t);
        showMessage(requestArea, t.method() + " " + t.path() + " " + t.protocol(), CapturedMessage.request(t), false);
        showMessage(responseArea, "status " + t.status() + (t.flags().isEmpty() ? "" : " flags " + t.flags()),
                CapturedMessage.response(t), false);
        String pretty = prettyJson(t.json());
        rawArea.replaceText(pretty);
        rawArea.setStyleSpans(0, SyntaxHighlight.spans(pretty, "json"));
    }

    private void showWaterfall(TraceRecord t) {
        var header = new Label(t.method() + " " + t.authority() + t.path() + " → " + t.status() + " in "
                + String.format("%.3f ms", t.durationMs()) + (t.route().isEmpty() ? "" : " · route " + t.route())
                + (t.endpoint().isEmpty() ? "" : " · " + t.cluster() + " @ " + t.endpoint())
                + (t.routeMisses().isEmpty() ? "" : " · misses " + t.routeMisses()));
        header.setWrapText(true);
        waterfall.getChildren().add(header);
        List<Waterfall.Bar> bars = Waterfall.of(t);
        long span = Waterfall.span(bars);
        for (Waterfall.Bar bar : bars) {
            var label = new Label(bar.label());
            label.setMinWidth(280);
            label.setPrefWidth(280);
            var track = new StackPane();
            track.setAlignment(Pos.CENTER_LEFT);
            HBox.setHgrow(track, Priority.ALWAYS);
            var fill = new Region();
            fill.getStyleClass().addAll("waterfall-bar", "waterfall-" + bar.kind());
            fill.setMinHeight(12);
            fill.setMaxHeight(12);
            fill.setMinWidth(2);
            double from = (double) bar.startMicros() / span;
            double len = (double) bar.lengthMicros() / span;
            fill.maxWidthProperty().bind(track.widthProperty().multiply(len));
            fill.prefWidthProperty().bind(track.widthProperty().multiply(len));
            fill.translateXProperty().bind(track.widthProperty().multiply(from));
            track.getChildren().add(fill);
            var micros = new Label(bar.lengthMicros() + " µs");
            micros.setMinWidth(80);
            var row = new HBox(8, label, track, micros);
            row.setAlignment(Pos.CENTER_LEFT);
            waterfall.getChildren().add(row);
        }
    }

    private void showMessage(CodeArea area, String firstLine, CapturedMessage m, boolean showAll) {
        if (!m.captured()) {
            area.replaceText(firstLine + "\n\n(headers and bodies are captured when the config sets "
                    + "observability.capture; demo labs turn it on)");
            return;
        }
        var sb = new StringBuilder(firstLine).append('\n');
        for (Map.Entry<String, String> h : m.headers()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append('\n');
        }
        sb.append('\n');
        int bodyStart = sb.length();
        String body = m.body();
        boolean cut = !showAll && body.length() > BODY_PREVIEW_CHARS;
        sb.append(cut ? body.substring(0, BODY_PREVIEW_CHARS) : body);
        if (cut || m.truncated()) {
            sb.append("\n\n[").append(cut ? "showing " + BODY_PREVIEW_CHARS + " of " + body.length() + " characters; double-click for all" : "")
                    .append(m.truncated() ? (cut ? "; " : "") + "the engine captured only the first bytes" : "").append(']');
        }
        String text = sb.toString();
        area.replaceText(text);
        var spans = SyntaxHighlight.spans(text.substring(bodyStart), m.syntax());
        area.setStyleSpans(bodyStart, spans);
        area.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && cut) {
                showMessage(area, firstLine, m, true);
            }
        });
    }

    private static String prettyJson(String json) {
        try {
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(json));
        } catch (IOException e) {
            return json;
        }
    }
}
