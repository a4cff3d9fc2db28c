package dev.gatehouse.views.config;

import dev.gatehouse.engine.config.ConfigExporter;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.views.engine.ApplyOutcome;
import dev.gatehouse.views.engine.ConfigProblem;
import dev.gatehouse.views.engine.EngineClient;
import dev.gatehouse.views.engine.VersionInfo;
import dev.gatehouse.views.shell.EngineSession;
import dev.gatehouse.views.shell.WorkbenchView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The config editor: a graphical tab (ordered routes, clusters as drop targets, property sheets) and
 * a YAML tab, both views of one {@link ConfigEditModel}. "Apply" checks the edited config, shows its
 * diff against the running one and, once confirmed, hot-applies it through {@link EngineClient};
 * the running version, its history and rollback sit in the toolbar. The running state comes only
 * from the engine's admin API, re-read when the session's engine changes and polled once a second so
 * changes made elsewhere show.
 *
 * <p>Shell entry points: {@code new ConfigEditorView(session)}, {@link #node()}, {@link #openYaml(Path)},
 * {@link #exportYaml(Path)}, {@link #undo()}, {@link #redo()}, {@link #reviewApply()}, {@link #model()}
 * (e.g. its dirty property for a "save changes?" prompt), {@link #close()}.
 */
public final class ConfigEditorView implements WorkbenchView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final EngineSession session;
    private final ConfigEditModel model = new ConfigEditModel();
    /** Text checks and config reads. Bounded; work that arrives after close is dropped, not failed. */
    private final ExecutorService background = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(256), r -> {
                Thread t = new Thread(r, "config-editor-checks");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy());
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final Tab yamlTab;
    private final YamlEditorPane yaml;
    private final RoutesPane routes;
    private final PropertySheet sheet;
    private final Label status = new Label();
    private final Label runningLabel = new Label("Running: —");
    private final Label dirtyLabel = new Label();
    private final ComboBox<VersionInfo> versions = new ComboBox<>();
    private final Button applyButton = new Button("Apply…");
    private final VBox review = new VBox(8);
    private final ListView<ConfigDiff.Line> diffList = new ListView<>();
    private final Timeline poll;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final ChangeListener<EngineClient> clientChanged = (obs, old, now) -> {
        freshLoad = true;
        reload();
    };
    private final ChangeListener<Number> versionChanged = (obs, old, now) -> {
        if (now.longValue() >= 0 && now.longValue() != model.runningVersion()) {
            reload();
        }
    };
    private boolean applying;
    /** Set when the session switched engines: edits meant for the old engine are dropped, not carried over. */
    private boolean freshLoad;

    public ConfigEditorView(EngineSession session) {
        this.session = session;
        root.getStyleClass().add("config-editor");
        root.getStylesheets().add(ConfigEditorView.class.getResource("config-editor.css").toExternalForm());

        yaml = new YamlEditorPane(model, background);
        routes = new RoutesPane(model, this::say);
        sheet = new PropertySheet(model, this::say, routes);

        SplitPane graphical = new SplitPane(routes.routesNode(), routes.clustersNode(), sheet.node());
        graphical.setDividerPositions(0.42, 0.66);
        Tab graphicalTab = new Tab("Graphical", graphical);
        graphicalTab.setId("tab-graphical");
        yamlTab = new Tab("YAML", yaml.node());
        yamlTab.setId("tab-yaml");
        tabs.getTabs().addAll(graphicalTab, yamlTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        buildReview();
        // The review takes the tabs' place rather than floating over them: it needs no background of its own,
        // so it looks right under any theme.
        tabs.visibleProperty().bind(review.visibleProperty().not());
        StackPane center = new StackPane(tabs, review);
        root.setTop(toolbar());
        root.setCenter(center);
        status.setId("status");
        status.setPadding(new Insets(4, 8, 4, 8));
        root.setBottom(status);
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::shortcuts);

        session.clientProperty().addListener(clientChanged);
        session.configVersionProperty().addListener(versionChanged);
        poll = new Timeline(new KeyFrame(Duration.seconds(1), e -> pollVersion()));
        poll.setCycleCount(Animation.INDEFINITE);
        poll.play();
        reload();
    }

    @Override
    public String title() {
        return "Config";
    }

    @Override
    public Node node() {
        return root;
    }

    /** The view-model, e.g. for the shell's dirty marker or "open config" (load text into it). */
    public ConfigEditModel model() {
        return model;
    }

    public void undo() {
        model.undo();
    }

    public void redo() {
        model.redo();
    }

    /**
     * Writes the edited config as canonical YAML to {@code file} (paths below its directory written
     * relative to it); it loads back to an equal config.
     */
    public void exportYaml(Path file) throws IOException {
        Path dir = ConfigLoader.directoryOf(file);
        Files.writeString(file, ConfigExporter.toYaml(model.config(), dir));
        say("Exported canonical YAML to " + file);
    }

    /**
     * Opens a config file for editing (File → Open). A valid file replaces the edited config as one
     * undoable edit, shown as canonical YAML (relative paths made absolute, so it applies anywhere);
     * an invalid one is shown as written in the YAML tab with its problems. Nothing reaches the engine
     * before Apply. Reads the file on the calling thread: small files only, as config files are.
     */
    public void openYaml(Path file) throws IOException {
        String text = Files.readString(file);
        TextCheck check = TextCheck.of(text, ConfigLoader.directoryOf(file));
        if (check.valid()) {
            model.execute(ConfigCommands.replaceAll("open " + file.getFileName(), check.config()));
            say("Opened " + file + ": review and Apply to run it");
        } else {
            tabs.getSelectionModel().select(yamlTab);
            model.textEdited(text);
            say("Opened " + file + " with " + check.errors().size() + " error(s)");
        }
    }

    /** Starts "Apply": checks the edit locally and shows its diff against the running config for confirmation. */
    public void reviewApply() {
        if (model.config() == null) {
            return;
        }
        if (!model.textCheckedProperty().get()) {
            say("Still checking the YAML; try again in a moment.");
            return;
        }
        if (model.textHasErrors()) {
            tabs.getSelectionModel().select(yamlTab);
            say("Fix the YAML errors first: " + model.problems().stream().filter(p -> !p.warning()).count() + " error(s).");
            return;
        }
        ConfigDiff diff = model.diffAgainstRunning();
        if (diff.isEmpty()) {
            say("Nothing to apply: the edited config is the running one.");
            return;
        }
        diffList.getItems().setAll(diff.lines());
        List<String> warnings = model.problems().stream().filter(TextProblem::warning).map(TextProblem::toString).toList();
        ((Label) review.lookup("#diff-summary")).setText("Apply these changes to the running config (v"
                + model.runningVersion() + ")? " + diff.added() + " line(s) added, " + diff.removed() + " removed."
                + (warnings.isEmpty() ? "" : "\nWarnings:\n  " + String.join("\n  ", warnings)));
        review.setVisible(true);
        review.lookup("#confirm-apply").requestFocus();
    }

    @Override
    public void close() {
        poll.stop();
        yaml.close();
        session.clientProperty().removeListener(clientChanged);
        session.configVersionProperty().removeListener(versionChanged);
        background.shutdownNow();
    }

    private ToolBar toolbar() {
        Button undo = new Button("Undo");
        undo.setId("undo");
        undo.setOnAction(e -> model.undo());
        undo.disableProperty().bind(model.canUndoProperty().not().or(review.visibleProperty()));
        Tooltip undoTip = new Tooltip();
        undoTip.textProperty().bind(model.undoDescriptionProperty().concat("  (Ctrl+Z)"));
        undo.setTooltip(undoTip);
        Button redo = new Button("Redo");
        redo.setId("redo");
        redo.setOnAction(e -> model.redo());
        redo.disableProperty().bind(model.canRedoProperty().not().or(review.visibleProperty()));
        Tooltip redoTip = new Tooltip();
        redoTip.textProperty().bind(model.redoDescriptionProperty().concat("  (Ctrl+Shift+Z)"));
        redo.setTooltip(redoTip);

        applyButton.setId("apply");
        applyButton.setOnAction(e -> reviewApply());
        applyButton.disableProperty().bind(model.dirtyProperty().not().or(review.visibleProperty()));
        applyButton.setTooltip(new Tooltip("Check, show the diff, then hot-apply (Ctrl+Enter)"));
        Button discard = new Button("Discard edits");
        discard.setId("discard");
        discard.disableProperty().bind(model.dirtyProperty().not().or(review.visibleProperty()));
        discard.setOnAction(e -> model.load(model.running(), model.runningVersion()));

        dirtyLabel.setId("dirty");
        dirtyLabel.textProperty().bind(Bindings.when(model.dirtyProperty())
                .then("● unapplied edits").otherwise(""));
        dirtyLabel.getStyleClass().add("dirty-marker");
        runningLabel.setId("running-version");

        versions.setId("versions");
        versions.setPromptText("History");
        versions.setCellFactory(v -> new VersionCell());
        versions.setButtonCell(new VersionCell());
        Button rollback = new Button("Roll back");
        rollback.setId("rollback");
        rollback.setTooltip(new Tooltip("Make the chosen version the running config again"));
        rollback.disableProperty().bind(versions.getSelectionModel().selectedItemProperty().isNull());
        rollback.setOnAction(e -> {
            VersionInfo v = versions.getSelectionModel().getSelectedItem();
            if (v != null) {
                rollbackTo(v.number());
            }
        });
        // Problems show on the YAML tab; this link says so from the graphical tab too.
        Hyperlink problems = new Hyperlink();
        problems.setId("problem-count");
        problems.setOnAction(e -> tabs.getSelectionModel().select(yamlTab));
        Runnable countProblems = () -> {
            long errors = model.problems().stream().filter(p -> !p.warning()).count();
            long warnings = model.problems().size() - errors;
            problems.getStyleClass().removeAll("problem-error", "problem-warning");
            problems.getStyleClass().add(errors > 0 ? "problem-error" : "problem-warning");
            problems.setText(errors > 0 ? errors + " error(s)" : warnings > 0 ? warnings + " warning(s)" : "");
            problems.setVisible(errors + warnings > 0);
        };
        model.problems().addListener((ListChangeListener<TextProblem>) c -> countProblems.run());
        countProblems.run();
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return new ToolBar(undo, redo, new Separator(), applyButton, discard, dirtyLabel, problems, spacer, runningLabel,
                versions, rollback);
    }

    private void buildReview() {
        review.setId("apply-review");
        review.getStyleClass().add("apply-review");
        review.setPadding(new Insets(12));
        review.setVisible(false);
        Label summary = new Label();
        summary.setId("diff-summary");
        summary.setWrapText(true);
        diffList.setId("diff");
        diffList.setCellFactory(v -> new DiffCell());
        VBox.setVgrow(diffList, Priority.ALWAYS);
        Button confirm = new Button("Apply to engine");
        confirm.setId("confirm-apply");
        confirm.setDefaultButton(true);
        confirm.setOnAction(e -> applyConfirmed());
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-apply");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> review.setVisible(false));
        review.getChildren().addAll(summary, diffList, new HBox(8, confirm, cancel));
    }

    private void shortcuts(KeyEvent e) {
        // While the diff is under review the edit must stay what the diff shows.
        if (!e.isShortcutDown() || review.isVisible()) {
            return;
        }
        // Form fields keep their own text undo; the YAML area's edits are the model's.
        boolean formField = e.getTarget() instanceof TextInputControl;
        if (e.getCode() == KeyCode.Z && !formField) {
            if (e.isShiftDown()) {
                model.redo();
            } else {
                model.undo();
            }
            e.consume();
        } else if (e.getCode() == KeyCode.Y && !formField) {
            model.redo();
            e.consume();
        } else if (e.getCode() == KeyCode.ENTER) {
            reviewApply();
            e.consume();
        }
    }

    /** Sends the edited text to the engine; a rejection shows the engine's positioned problems. */
    private void applyConfirmed() {
        review.setVisible(false);
        if (applying) {
            return;
        }
        applying = true;
        // The text, not a re-export: it is what the YAML tab shows, so the engine's positions point into it.
        String text = model.text();
        EngineClient client = session.client();
        say("Applying…");
        client.apply(text).whenComplete((outcome, failure) -> Platform.runLater(() -> {
            applying = false;
            if (failure != null) {
                say("Apply failed: " + rootMessage(failure));
                return;
            }
            applied(outcome, "Applied");
        }));
    }

    private void rollbackTo(long version) {
        EngineClient client = session.client();
        say("Rolling back to v" + version + "…");
        client.rollback(OptionalLong.of(version)).whenComplete((outcome, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                say("Rollback failed: " + rootMessage(failure));
                return;
            }
            applied(outcome, "Rolled back to v" + version + " as");
        }));
    }

    private void applied(ApplyOutcome outcome, String what) {
        if (outcome.applied()) {
            say(what + " v" + outcome.version() + (outcome.warnings().isEmpty() ? "" : " (" + outcome.warnings().size()
                    + " warning(s): " + String.join("; ", outcome.warnings()) + ")"));
            session.configVersion(outcome.version());
            reload();
            return;
        }
        List<TextProblem> problems = new ArrayList<>();
        for (ConfigProblem p : outcome.problems()) {
            problems.add(new TextProblem(p.line(), p.column(), p.path(), p.message(), false));
        }
        if (problems.isEmpty()) {
            problems.add(new TextProblem(0, 0, "", outcome.error(), false));
        }
        model.reportProblems(problems);
        tabs.getSelectionModel().select(yamlTab);
        say("The engine rejected the config and keeps running v" + model.runningVersion() + ": " + outcome.error());
    }

    /** Once a second: has the running version moved (an apply elsewhere, a file watcher)? */
    private void pollVersion() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        EngineClient client = session.client();
        client.currentVersion().whenComplete((version, failure) -> Platform.runLater(() -> {
            polling.set(false);
            if (failure == null && client == session.client() && version != model.runningVersion()) {
                if (session.configVersionProperty().get() != version) {
                    session.configVersion(version); // the version listener reloads
                } else {
                    reload();
                }
            }
        }));
    }

    /** Re-reads the running config, its version and history from the engine. */
    private void reload() {
        EngineClient client = session.client();
        CompletableFuture<Long> version = client.currentVersion();
        CompletableFuture<List<VersionInfo>> history = client.versions();
        client.runningConfigYaml()
                .thenApplyAsync(TextCheck::of, background)
                .thenCombine(version, Loaded::new)
                .thenCombine(history, (loaded, list) -> {
                    loaded.history = list;
                    return loaded;
                })
                .whenComplete((loaded, failure) -> Platform.runLater(() -> {
                    if (client != session.client()) {
                        return;
                    }
                    if (failure != null) {
                        say("Cannot read the running config from " + client.describe() + ": " + rootMessage(failure));
                        return;
                    }
                    if (!loaded.check.valid()) {
                        say("The running config does not load here: " + loaded.check.errors().get(0));
                        return;
                    }
                    if (freshLoad) {
                        freshLoad = false;
                        model.load(loaded.check.config(), loaded.version);
                    } else {
                        model.runningChanged(loaded.check.config(), loaded.version);
                    }
                    runningLabel.setText("Running: v" + loaded.version);
                    showHistory(loaded.history, loaded.version);
                    if (session.configVersionProperty().get() != loaded.version) {
                        session.configVersion(loaded.version);
                    }
                }));
    }

    private static final class Loaded {
        final TextCheck check;
        final long version;
        List<VersionInfo> history = List.of();

        Loaded(TextCheck check, long version) {
            this.check = check;
            this.version = version;
        }
    }

    private void showHistory(List<VersionInfo> list, long current) {
        List<VersionInfo> newestFirst = new ArrayList<>(list);
        newestFirst.sort((a, b) -> Long.compare(b.number(), a.number()));
        versions.getItems().setAll(newestFirst);
        versions.setUserData(current);
    }

    private void say(String message) {
        status.setText(message);
    }

    private static String rootMessage(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private final class VersionCell extends ListCell<VersionInfo> {
        @Override
        protected void updateItem(VersionInfo v, boolean empty) {
            super.updateItem(v, empty);
            if (empty || v == null) {
                setText(null);
                return;
            }
            boolean running = v.number() == model.runningVersion();
            setText("v" + v.number() + "  " + TIME.format(v.appliedAt()) + "  " + v.source() + (running ? "  (running)" : ""));
        }
    }

    private static final class DiffCell extends ListCell<ConfigDiff.Line> {
        @Override
        protected void updateItem(ConfigDiff.Line line, boolean empty) {
            super.updateItem(line, empty);
            getStyleClass().removeAll("diff-added", "diff-removed", "diff-hunk", "diff-header");
            if (empty || line == null) {
                setText(null);
                return;
            }
            setText(line.text());
            switch (line.kind()) {
                case ADDED -> getStyleClass().add("diff-added");
                case REMOVED -> getStyleClass().add("diff-removed");
                case HUNK -> getStyleClass().add("diff-hunk");
                case HEADER -> getStyleClass().add("diff-header");
                default -> { }
            }
        }
    }
}
