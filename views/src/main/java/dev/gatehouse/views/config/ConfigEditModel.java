package dev.gatehouse.views.config;

import dev.gatehouse.engine.config.ConfigExporter;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.config.RouteShadowing;
import dev.gatehouse.engine.config.Shadowing;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The config editor's view-model: the config being edited, the running config it is compared with,
 * and the YAML text of the editor's text tab, kept in step. Graphical edits are {@link ConfigCommand}s
 * with bounded undo/redo; text edits become a command once the text reads as a valid config. Uses
 * JavaFX observable properties but no toolkit, so it is unit-tested without one; in the workbench it
 * is touched on the FX thread only.
 */
public final class ConfigEditModel {
    public static final int DEFAULT_HISTORY = 200;

    private final EditHistory history;
    private final ReadOnlyObjectWrapper<GatewayConfig> config = new ReadOnlyObjectWrapper<>(this, "config");
    private final ReadOnlyObjectWrapper<GatewayConfig> running = new ReadOnlyObjectWrapper<>(this, "running");
    private final ReadOnlyLongWrapper runningVersion = new ReadOnlyLongWrapper(this, "runningVersion", -1);
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private final ReadOnlyBooleanWrapper textChecked = new ReadOnlyBooleanWrapper(this, "textChecked", true);
    private final ObservableList<TextProblem> problems = FXCollections.observableArrayList();
    private final ObservableList<TextProblem> readOnlyProblems = FXCollections.unmodifiableObservableList(problems);
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final ReadOnlyStringWrapper undoDescription = new ReadOnlyStringWrapper(this, "undoDescription", "");
    private final ReadOnlyStringWrapper redoDescription = new ReadOnlyStringWrapper(this, "redoDescription", "");

    public ConfigEditModel() {
        this(DEFAULT_HISTORY);
    }

    public ConfigEditModel(int historyCapacity) {
        this.history = new EditHistory(historyCapacity);
    }

    /** Starts editing the running config afresh: edits and history are dropped. */
    public void load(GatewayConfig runningConfig, long version) {
        Objects.requireNonNull(runningConfig, "runningConfig");
        running.set(runningConfig);
        runningVersion.set(version);
        history.clear();
        show(runningConfig);
    }

    /**
     * The engine now runs {@code runningConfig} (an apply, a rollback, or a change made elsewhere).
     * When it is the edited config (an apply from here) only the dirty state changes. Otherwise, without
     * unapplied edits the editor follows it afresh; with them they are kept and compared with it.
     */
    public void runningChanged(GatewayConfig runningConfig, long version) {
        Objects.requireNonNull(runningConfig, "runningConfig");
        if (runningConfig.equals(config.get())) {
            // Our own apply (or the same change made elsewhere): the history stays, so an applied edit can be undone.
            running.set(runningConfig);
            runningVersion.set(version);
            updateState();
            return;
        }
        if (config.get() == null || !isDirty()) {
            load(runningConfig, version);
            return;
        }
        running.set(runningConfig);
        runningVersion.set(version);
        updateState();
    }

    /** Executes a command; false when it changed nothing (it is then not recorded). */
    public boolean execute(ConfigCommand command) {
        GatewayConfig before = requireLoaded();
        GatewayConfig after = command.applyTo(before);
        if (after.equals(before)) {
            return false;
        }
        history.executed(new EditHistory.Step(command, before, after));
        show(after);
        return true;
    }

    public boolean undo() {
        Optional<EditHistory.Step> step = history.undo();
        step.ifPresent(s -> show(s.before()));
        return step.isPresent();
    }

    public boolean redo() {
        Optional<EditHistory.Step> step = history.redo();
        step.ifPresent(s -> show(s.after()));
        return step.isPresent();
    }

    /** The text tab's content changed; it is checked later ({@link #acceptCheck}), off the FX thread. */
    public void textEdited(String newText) {
        Objects.requireNonNull(newText, "newText");
        if (newText.equals(text.get())) {
            return;
        }
        text.set(newText);
        textChecked.set(false);
    }

    /**
     * Takes the outcome of checking the text. A check of text that has changed since is ignored; a
     * valid text that says something new becomes an undoable "edit YAML" command, the text kept as typed.
     */
    public void acceptCheck(TextCheck check) {
        if (!check.text().equals(text.get())) {
            return;
        }
        problems.setAll(check.problems());
        textChecked.set(true);
        GatewayConfig before = config.get();
        if (check.valid() && before != null && !check.config().equals(before)) {
            ConfigCommand command = ConfigCommands.replaceAll("edit YAML", check.config());
            history.executed(new EditHistory.Step(command, before, check.config()));
            config.set(check.config());
            updateState();
        }
    }

    /** Problems the engine reported for the text (e.g. an apply it rejected), shown like local ones. */
    public void reportProblems(List<TextProblem> reported) {
        problems.setAll(reported);
    }

    /** Routes no request can reach because an earlier route takes their requests: first match wins. */
    public List<Shadowing> shadowing() {
        GatewayConfig c = config.get();
        return c == null ? List.of() : RouteShadowing.find(c.routes());
    }

    /** What applying the edited config would change in the running one. */
    public ConfigDiff diffAgainstRunning() {
        return ConfigDiff.between(running.get(), requireLoaded());
    }

    /** The edited config as canonical YAML: what Apply sends and Export writes. */
    public String canonicalYaml() {
        return ConfigExporter.toYaml(requireLoaded());
    }

    /** True when the text tab holds errors, so the config shown is the last valid one, not the text. */
    public boolean textHasErrors() {
        return problems.stream().anyMatch(p -> !p.warning());
    }

    public GatewayConfig config() {
        return config.get();
    }

    public ReadOnlyObjectProperty<GatewayConfig> configProperty() {
        return config.getReadOnlyProperty();
    }

    public GatewayConfig running() {
        return running.get();
    }

    public ReadOnlyObjectProperty<GatewayConfig> runningProperty() {
        return running.getReadOnlyProperty();
    }

    public long runningVersion() {
        return runningVersion.get();
    }

    public ReadOnlyLongProperty runningVersionProperty() {
        return runningVersion.getReadOnlyProperty();
    }

    public String text() {
        return text.get();
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    /** False from a text edit until its check arrives. */
    public ReadOnlyBooleanProperty textCheckedProperty() {
        return textChecked.getReadOnlyProperty();
    }

    public ObservableList<TextProblem> problems() {
        return readOnlyProblems;
    }

    public boolean isDirty() {
        return dirty.get();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty undoDescriptionProperty() {
        return undoDescription.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty redoDescriptionProperty() {
        return redoDescription.getReadOnlyProperty();
    }

    private GatewayConfig requireLoaded() {
        GatewayConfig c = config.get();
        if (c == null) {
            throw new IllegalStateException("no config loaded yet");
        }
        return c;
    }

    /**
     * Shows {@code shown} as the edited config, with its canonical text. Text being typed that did not
     * yet read as valid is replaced: the graphical tab and undo work on the last valid config.
     */
    private void show(GatewayConfig shown) {
        config.set(shown);
        text.set(ConfigExporter.toYaml(shown));
        textChecked.set(true);
        problems.clear();
        updateState();
    }

    private void updateState() {
        dirty.set(config.get() != null && !config.get().equals(running.get()));
        canUndo.set(history.nextUndo().isPresent());
        canRedo.set(history.nextRedo().isPresent());
        undoDescription.set(history.nextUndo().map(c -> "Undo " + c.description()).orElse("Nothing to undo"));
        redoDescription.set(history.nextRedo().map(c -> "Redo " + c.description()).orElse("Nothing to redo"));
    }
}
