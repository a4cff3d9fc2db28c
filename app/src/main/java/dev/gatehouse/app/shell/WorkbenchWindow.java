package dev.gatehouse.app.shell;

import dev.gatehouse.app.demo.DemoEngine;
import dev.gatehouse.app.demo.Lab;
import dev.gatehouse.app.demo.LabCatalog;
import dev.gatehouse.app.demo.TrafficGenerator;
import dev.gatehouse.app.demo.TrafficMix;
import dev.gatehouse.views.config.ConfigEditorView;
import dev.gatehouse.views.engine.ApplyOutcome;
import dev.gatehouse.views.engine.EngineClient;
import dev.gatehouse.views.engine.TraceRecord;
import dev.gatehouse.views.shell.EngineSession;
import dev.gatehouse.views.shell.TraceHub;
import dev.gatehouse.views.shell.WorkbenchView;
import dev.gatehouse.views.traces.LiveTracesView;
import dev.gatehouse.views.traces.TraceReplay;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.prefs.Preferences;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * The workbench window: menus, the lab picker and traffic controls, the views as tabs, a status bar.
 * It owns the embedded engine (demo mode), the traffic generator and the trace hub, and switches the
 * {@link EngineSession} between the embedded engine and an attached remote one.
 */
public final class WorkbenchWindow implements AutoCloseable {
    /**
     * How to open the window.
     *
     * @param firstConfig a lab or config file to start with; null for the last lab used, else lab 1
     * @param startTraffic start the traffic generator at once (demo mode)
     * @param prefs       where recent files, the theme and the last lab are kept
     * @param ephemeralPorts every port ephemeral whatever the configs say (tests, benchmarks)
     */
    public record Options(Path firstConfig, boolean startTraffic, double trafficRate, int traceCapacity,
                          Preferences prefs, List<ViewFactory> views, boolean ephemeralPorts) {
        public static Options defaults() {
            return new Options(null, true, 20, Integer.getInteger("gatehouse.traces.max", 10_000),
                    Preferences.userNodeForPackage(WorkbenchWindow.class), WorkbenchViews.defaults(), false);
        }
    }

    private final Stage stage;
    private final Options options;
    private final LabCatalog catalog = LabCatalog.locate();
    private final DemoEngine demo;
    private final EngineSession session;
    private final TraceHub hub;
    private final TrafficGenerator traffic = new TrafficGenerator();
    private final RecentFiles recent;
    private final List<WorkbenchView> views = new ArrayList<>();
    private final TabPane tabs = new TabPane();
    private final ComboBox<Lab> labPicker = new ComboBox<>();
    private final ToggleButton trafficToggle = new ToggleButton("Traffic");
    private final Slider rateSlider = new Slider(0, 4, 1.3);
    private final Label rateLabel = new Label();
    private final Label trafficStats = new Label();
    private final Label engineStatus = new Label();
    private final Label versionStatus = new Label();
    private final Label message = new Label();
    private final Menu recentMenu = new Menu("Open _Recent");
    private final CheckMenuItem darkTheme = new CheckMenuItem("_Dark theme");
    private final MenuItem detachItem = new MenuItem("_Detach (back to the embedded engine)");
    private final Timeline statusTicker;
    private EngineClient remote;
    private Path currentFile;
    private String documentText = "";
    private String currentLabel = "";

    private WorkbenchWindow(Stage stage, Options options, DemoEngine demo, Path first) {
        this.stage = stage;
        this.options = options;
        this.demo = demo;
        this.recent = new RecentFiles(options.prefs());
        this.session = new EngineSession(demo.client());
        this.hub = new TraceHub(session);
        this.currentFile = first.toAbsolutePath().normalize();
        this.documentText = read(first);
        this.currentLabel = catalog.labs().stream().filter(l -> l.file().equals(currentFile)).findFirst()
                .map(Lab::toString).orElse(first.getFileName().toString());
        buildWindow();
        retargetTraffic(first);
        traffic.rate(options.trafficRate());
        rateSlider.setValue(Math.log10(Math.max(1, options.trafficRate())));
        if (options.startTraffic()) {
            trafficToggle.setSelected(true);
        }
        statusTicker = new Timeline(new KeyFrame(Duration.millis(500), e -> refreshStatus()));
        statusTicker.setCycleCount(Timeline.INDEFINITE);
        statusTicker.play();
        refreshStatus();
    }

    /** Starts the embedded engine on the first lab and shows the window. FX thread. */
    public static WorkbenchWindow open(Stage stage, Options options) throws Exception {
        Theme theme = options.prefs().getBoolean("darkTheme", false) ? Theme.DARK : Theme.LIGHT;
        theme.apply();
        Path first = options.firstConfig() != null ? options.firstConfig() : firstLab(options.prefs());
        DemoEngine demo = DemoEngine.start(first, options.ephemeralPorts());
        var window = new WorkbenchWindow(stage, options, demo, first);
        window.darkTheme.setSelected(theme == Theme.DARK);
        stage.show();
        return window;
    }

    private static Path firstLab(Preferences prefs) {
        List<Lab> labs = LabCatalog.locate().labs();
        if (labs.isEmpty()) {
            throw new IllegalStateException("no lab*.yaml in " + LabCatalog.locate().directory()
                    + "; run from the repository or pass -Dgatehouse.samples=DIR");
        }
        String last = prefs.get("lastLab", "");
        return labs.stream().filter(l -> l.file().toString().equals(last)).findFirst().orElse(labs.get(0)).file();
    }

    /** Switches the look for this run (the menu's choice is what is remembered). */
    public void theme(Theme theme) {
        theme.apply();
        darkTheme.setSelected(theme == Theme.DARK);
    }

    // ---------------------------------------------------------------- accessors (tests, screenshots, benchmark)

    public EngineSession session() {
        return session;
    }

    public DemoEngine demo() {
        return demo;
    }

    public TrafficGenerator traffic() {
        return traffic;
    }

    public TabPane tabs() {
        return tabs;
    }

    public List<WorkbenchView> views() {
        return views;
    }

    public <V extends WorkbenchView> V view(Class<V> type) {
        return views.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    public Stage stage() {
        return stage;
    }

    // ---------------------------------------------------------------- layout

    private void buildWindow() {
        var context = new WorkbenchContext(session, hub, options.traceCapacity(), traffic.httpClient(), this::replayTarget);
        for (ViewFactory factory : options.views()) {
            WorkbenchView view = factory.create(context);
            views.add(view);
            var tab = new Tab(view.title(), view.node());
            tab.setClosable(false);
            tabs.getTabs().add(tab);
        }
        tabs.setId("main-tabs");
        var root = new BorderPane(tabs);
        root.setTop(new VBox(menuBar(), toolBar()));
        root.setBottom(statusBar());
        var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        var scene = new Scene(root, Math.min(1500, screen.getWidth()), Math.min(900, screen.getHeight()));
        scene.getStylesheets().add(Theme.WORKBENCH_CSS);
        for (int i = 0; i < Math.min(9, tabs.getTabs().size()); i++) {
            int index = i;
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i + 1)),
                    KeyCombination.SHORTCUT_DOWN), () -> tabs.getSelectionModel().select(index));
        }
        stage.setScene(scene);
        stage.setTitle("Gatehouse workbench");
        stage.setOnCloseRequest(e -> close());
    }

    private MenuBar menuBar() {
        var open = item("_Open config…", "Shortcut+O", this::chooseAndOpen);
        var save = item("_Save", "Shortcut+S", this::save);
        var saveAs = item("Save _As…", "Shortcut+Shift+S", this::saveAs);
        var export = item("_Export running config as canonical YAML…", "Shortcut+E", this::exportRunning);
        var quit = item("_Quit", "Shortcut+Q", () -> {
            close();
            Platform.exit();
        });
        recentMenu.setOnShowing(e -> fillRecent());
        fillRecent();
        var file = new Menu("_File", null, open, recentMenu, new SeparatorMenuItem(), save, saveAs, export,
                new SeparatorMenuItem(), quit);

        var attach = item("_Attach to a remote engine…", "Shortcut+Shift+A", this::chooseRemote);
        detachItem.setOnAction(e -> detach());
        detachItem.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+D"));
        detachItem.setDisable(true);
        // Ctrl+Shift+Z stays the editor's redo; rolling the engine back is a different, bigger step.
        var rollback = item("_Roll back to the previous version", "Shortcut+Shift+R", this::rollback);
        var apply = item("Review and a_pply the edited config…", "Shortcut+Enter",
                () -> configEditor().ifPresent(editor -> {
                    tabs.getSelectionModel().select(views.indexOf(editor));
                    editor.reviewApply();
                }));
        var engine = new Menu("_Engine", null, apply, new SeparatorMenuItem(), attach, detachItem,
                new SeparatorMenuItem(), rollback);

        var toggleTraffic = item("_Start/stop traffic", "Shortcut+G", () -> trafficToggle.setSelected(!trafficToggle.isSelected()));
        var trafficMenu = new Menu("_Traffic", null, toggleTraffic);

        var pause = item("_Pause/resume traces", "Shortcut+P", () -> views.stream()
                .filter(LiveTracesView.class::isInstance).map(LiveTracesView.class::cast).findFirst()
                .ifPresent(v -> v.pauseButton().setSelected(!v.pauseButton().isSelected())));
        darkTheme.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+T"));
        darkTheme.setOnAction(e -> {
            (darkTheme.isSelected() ? Theme.DARK : Theme.LIGHT).apply();
            options.prefs().putBoolean("darkTheme", darkTheme.isSelected());
        });
        var view = new Menu("_View", null, pause, darkTheme);

        var keys = item("_Keyboard shortcuts", "F1", this::showShortcuts);
        var help = new Menu("_Help", null, keys);
        var bar = new MenuBar(file, engine, trafficMenu, view, help);
        bar.setId("menu-bar");
        return bar;
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        var item = new MenuItem(text);
        item.setAccelerator(KeyCombination.keyCombination(accelerator));
        item.setOnAction(e -> action.run());
        return item;
    }

    private ToolBar toolBar() {
        labPicker.setId("lab-picker");
        labPicker.getItems().setAll(catalog.labs());
        labPicker.getItems().stream().filter(l -> l.file().equals(currentFile)).findFirst().ifPresent(labPicker::setValue);
        labPicker.setPromptText("Choose a lab");
        labPicker.setTooltip(new Tooltip("Switching labs hot-applies the lab's config to the embedded engine"));
        labPicker.setOnAction(e -> {
            Lab lab = labPicker.getValue();
            if (lab != null && !lab.file().equals(currentFile)) {
                switchLab(lab);
            }
        });
        trafficToggle.setId("traffic-toggle");
        trafficToggle.setTooltip(new Tooltip("Start/stop the demo traffic generator (Ctrl+G)"));
        trafficToggle.selectedProperty().addListener((o, was, on) -> {
            if (on) {
                traffic.start();
            } else {
                traffic.stop();
            }
        });
        rateSlider.setId("traffic-rate");
        rateSlider.setPrefWidth(160);
        rateSlider.setTooltip(new Tooltip("Requests per second, 1 to 10,000 (logarithmic)"));
        rateSlider.valueProperty().addListener((o, a, v) -> {
            traffic.rate(Math.round(Math.pow(10, v.doubleValue())));
            rateLabel.setText(String.format("%,.0f req/s", traffic.rate()));
        });
        rateLabel.setText(String.format("%,.0f req/s", traffic.rate()));
        rateLabel.setMinWidth(80);
        trafficStats.setId("traffic-stats");
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return new ToolBar(new Label("Lab"), labPicker, trafficToggle, rateSlider, rateLabel, spacer, trafficStats);
    }

    private HBox statusBar() {
        engineStatus.setId("engine-status");
        versionStatus.setId("version-status");
        message.setId("workbench-message");
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var bar = new HBox(16, engineStatus, versionStatus, spacer, message);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void refreshStatus() {
        trafficStats.setText(traffic.summary());
        if (remote == null) {
            engineStatus.setText("embedded engine · " + currentLabel + " · " + demo.addresses());
        } else {
            engineStatus.setText("attached to " + remote.describe());
        }
        EngineClient client = session.client();
        client.currentVersion().whenComplete((v, e) -> Platform.runLater(() -> {
            if (session.client() == client) {
                if (e == null) {
                    session.configVersion(v);
                    versionStatus.setText("config version " + v);
                } else {
                    versionStatus.setText("engine unreachable");
                }
            }
        }));
    }

    // ---------------------------------------------------------------- labs and files

    /** Hot-applies a lab's config to the embedded engine; traffic follows the new lab. */
    public CompletableFuture<ApplyOutcome> switchLab(Lab lab) {
        say("applying " + lab.name() + "…");
        return demo.apply(lab.file()).whenComplete((outcome, error) -> Platform.runLater(() -> {
            if (error == null && outcome.applied()) {
                currentFile = lab.file().toAbsolutePath().normalize();
                documentText = read(lab.file());
                currentLabel = lab.name() + " — " + lab.description();
                options.prefs().put("lastLab", lab.file().toString());
                retargetTraffic(lab.file());
                say(lab.name() + " applied as version " + outcome.version());
                refreshStatus();
            } else {
                reportFailure("Could not apply " + lab.name(), error, outcome);
                labPicker.getItems().stream().filter(l -> l.file().equals(currentFile)).findFirst().ifPresentOrElse(
                        labPicker::setValue, () -> labPicker.setValue(null));
            }
        }));
    }

    private void retargetTraffic(Path configFile) {
        var config = demo.running();
        var uris = demo.listenerUris();
        traffic.target(TrafficMix.forLab(configFile, config), listener -> {
            URI base = listener == null ? null : uris.get(listener);
            return base != null ? base : uris.values().iterator().next();
        });
    }

    private URI replayTarget(TraceRecord t) {
        if (remote == null) {
            URI base = demo.listenerUris().get(t.listener());
            if (base != null) {
                return base.resolve(t.path());
            }
        }
        return TraceReplay.byAuthority(t);
    }

    private void chooseAndOpen() {
        var chooser = yamlChooser("Open a config");
        var file = chooser.showOpenDialog(stage);
        if (file != null) {
            openConfig(file.toPath());
        }
    }

    /** Opens a config file and applies it to the engine being looked at. */
    public CompletableFuture<ApplyOutcome> openConfig(Path file) {
        String text = read(file);
        CompletableFuture<ApplyOutcome> applying = remote == null ? demo.apply(file) : remote.apply(text);
        return applying.whenComplete((outcome, error) -> Platform.runLater(() -> {
            if (error == null && outcome.applied()) {
                currentFile = file.toAbsolutePath().normalize();
                documentText = text;
                currentLabel = file.getFileName().toString();
                recent.add(file);
                fillRecent();
                if (remote == null) {
                    retargetTraffic(file);
                }
                stage.setTitle("Gatehouse workbench — " + file.getFileName());
                say(file.getFileName() + " applied as version " + outcome.version());
                refreshStatus();
            } else {
                reportFailure("Could not apply " + file.getFileName(), error, outcome);
            }
        }));
    }

    private void save() {
        if (currentFile == null || isLab(currentFile)) {
            saveAs(); // labs are samples: save a copy rather than change them
        } else {
            write(currentFile);
        }
    }

    private Optional<ConfigEditorView> configEditor() {
        return views.stream().filter(ConfigEditorView.class::isInstance).map(ConfigEditorView.class::cast).findFirst();
    }

    /** Saves what the config editor holds (edits included), or else the text last opened or applied. */
    private boolean write(Path file) {
        var editor = configEditor();
        if (editor.isEmpty()) {
            return write(file, documentText);
        }
        try {
            editor.get().exportYaml(file);
            say("saved " + file);
            return true;
        } catch (IOException e) {
            reportFailure("Could not save " + file, e, null);
            return false;
        }
    }

    private boolean isLab(Path file) {
        return catalog.labs().stream().anyMatch(l -> l.file().equals(file));
    }

    private void saveAs() {
        var chooser = yamlChooser("Save the config as");
        if (currentFile != null) {
            chooser.setInitialFileName(currentFile.getFileName().toString());
        }
        var file = chooser.showSaveDialog(stage);
        if (file != null && write(file.toPath())) {
            currentFile = file.toPath();
            recent.add(currentFile);
            fillRecent();
        }
    }

    private void exportRunning() {
        var chooser = yamlChooser("Export the running config (canonical YAML)");
        chooser.setInitialFileName("gatehouse-running.yaml");
        var file = chooser.showSaveDialog(stage);
        if (file != null) {
            exportRunningTo(file.toPath());
        }
    }

    /** Writes the engine's running config, as canonical YAML, to a file. */
    public CompletableFuture<Void> exportRunningTo(Path file) {
        return session.client().runningConfigYaml().thenAccept(yaml -> {
            try {
                Files.writeString(file, yaml);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).whenComplete((v, e) -> Platform.runLater(() -> say(e == null ? "running config exported to " + file
                : "export failed: " + rootMessage(e))));
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (Path p : recent.list()) {
            var item = new MenuItem(p.toString());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> openConfig(p));
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    private void rollback() {
        session.client().rollback(java.util.OptionalLong.empty()).whenComplete((outcome, error) -> Platform.runLater(() -> {
            if (error == null && outcome.applied()) {
                say("rolled back: now version " + outcome.version());
                refreshStatus();
            } else {
                reportFailure("Rollback failed", error, outcome);
            }
        }));
    }

    private FileChooser yamlChooser(String title) {
        var chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Gatehouse config", "*.yaml", "*.yml", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        Path dir = currentFile != null && currentFile.getParent() != null ? currentFile.getParent() : catalog.directory();
        if (Files.isDirectory(dir)) {
            chooser.setInitialDirectory(dir.toFile());
        }
        return chooser;
    }

    // ---------------------------------------------------------------- remote engines

    private void chooseRemote() {
        var dialog = new Dialog<ButtonType>();
        dialog.setTitle("Attach to a remote engine");
        dialog.setHeaderText("The views follow a headless engine through its admin API and /tap.");
        var url = new TextField(options.prefs().get("remoteUrl", "http://127.0.0.1:9901"));
        url.setId("remote-url");
        url.setPrefColumnCount(30);
        var token = new TextField();
        token.setId("remote-token");
        token.setPromptText("admin token (needed to apply configs)");
        var grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        grid.addRow(0, new Label("Admin URL"), url);
        grid.addRow(1, new Label("Token"), token);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Optional<ButtonType> answer = dialog.showAndWait();
        if (answer.isPresent() && answer.get() == ButtonType.OK) {
            options.prefs().put("remoteUrl", url.getText().strip());
            attach(URI.create(url.getText().strip()), token.getText().strip());
        }
    }

    /** Points every view at a remote engine once it answers. */
    public CompletableFuture<Long> attach(URI adminUrl, String token) {
        EngineClient next = EngineClient.remote(adminUrl, token);
        say("attaching to " + adminUrl + "…");
        return next.currentVersion().whenComplete((v, e) -> Platform.runLater(() -> {
            if (e != null) {
                next.close();
                reportFailure("Could not attach to " + adminUrl, e, null);
                return;
            }
            EngineClient previous = remote;
            remote = next;
            session.switchTo(next);
            if (previous != null) {
                previous.close();
            }
            labPicker.setDisable(true);
            detachItem.setDisable(false);
            say("attached to " + adminUrl + " (config version " + v + ")");
            refreshStatus();
        }));
    }

    /** Back to the embedded engine. */
    public void detach() {
        if (remote == null) {
            return;
        }
        EngineClient previous = remote;
        remote = null;
        session.switchTo(demo.client());
        previous.close();
        labPicker.setDisable(false);
        detachItem.setDisable(true);
        say("back on the embedded engine");
        refreshStatus();
    }

    // ---------------------------------------------------------------- messages

    private void say(String text) {
        message.setText(text);
    }

    private void reportFailure(String title, Throwable error, ApplyOutcome outcome) {
        String detail;
        if (error != null) {
            detail = rootMessage(error);
        } else {
            var sb = new StringBuilder(outcome.error());
            outcome.problems().forEach(p -> sb.append('\n').append(p));
            detail = sb.toString();
        }
        say(title + ": " + detail.lines().findFirst().orElse(""));
        if (stage.isShowing() && !Boolean.getBoolean("gatehouse.noDialogs")) {
            var alert = new Alert(Alert.AlertType.ERROR, detail, ButtonType.OK);
            alert.setHeaderText(title);
            alert.initOwner(stage);
            alert.show();
        }
    }

    private void showShortcuts() {
        var alert = new Alert(Alert.AlertType.INFORMATION, String.join("\n",
                "Ctrl+O  open a config (applies it)", "Ctrl+S / Ctrl+Shift+S  save / save as",
                "Ctrl+E  export the running config as canonical YAML", "Ctrl+G  start/stop traffic",
                "Ctrl+P  pause/resume traces", "Ctrl+1..9  switch tabs", "Ctrl+Shift+A / D  attach / detach",
                "Ctrl+Enter  review and apply the edited config", "Ctrl+Z / Ctrl+Shift+Z  undo / redo an edit",
                "Ctrl+Shift+R  roll back the engine", "Ctrl+Shift+T  dark theme", "Ctrl+Space  complete a filter expression"),
                ButtonType.OK);
        alert.setHeaderText("Keyboard shortcuts");
        alert.initOwner(stage);
        alert.show();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private boolean write(Path file, String text) {
        try {
            Files.writeString(file, text);
            say("saved " + file);
            return true;
        } catch (IOException e) {
            reportFailure("Could not save " + file, e, null);
            return false;
        }
    }

    @Override
    public void close() {
        statusTicker.stop();
        traffic.close();
        views.forEach(WorkbenchView::close);
        hub.close();
        if (remote != null) {
            remote.close();
        }
        demo.close();
    }
}
