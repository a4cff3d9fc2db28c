package dev.gatehouse.views.config;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.IntFunction;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;
import org.reactfx.Subscription;

/**
 * The YAML tab: a code area with YAML highlighting and inline validation. Typing is checked with
 * the engine's own loader after a pause ({@value #DEBOUNCE_MS} ms), off the FX thread; problems
 * show as marked spans, gutter markers and a list whose entries move the caret to their place.
 * Ctrl+Z is the config model's (the editor view handles it), so undo spans both tabs.
 */
final class YamlEditorPane {
    static final long DEBOUNCE_MS = 300;

    private final ConfigEditModel model;
    private final ExecutorService checker;
    private final CodeArea area = new CodeArea();
    private final ListView<TextProblem> problemList = new ListView<>();
    private final SplitPane root;
    private final Subscription typing;
    private final IntFunction<Node> lineNumbers;
    private Set<Integer> errorLines = Set.of();
    private boolean updatingFromModel;

    YamlEditorPane(ConfigEditModel model, ExecutorService checker) {
        this.model = model;
        this.checker = checker;
        area.setId("yaml-area");
        area.getStyleClass().add("yaml-editor");
        lineNumbers = LineNumberFactory.get(area);
        area.setParagraphGraphicFactory(this::gutter);

        problemList.setId("yaml-problems");
        problemList.setItems(model.problems());
        problemList.setPlaceholder(new Label("No problems"));
        problemList.setCellFactory(v -> new ProblemCell());
        problemList.setOnMouseClicked(e -> {
            TextProblem p = problemList.getSelectionModel().getSelectedItem();
            if (p != null) {
                moveCaretTo(p);
            }
        });

        root = new SplitPane(new VirtualizedScrollPane<>(area), problemList);
        root.setOrientation(Orientation.VERTICAL);
        root.setDividerPositions(0.8);

        area.replaceText(model.text());
        area.getUndoManager().forgetHistory();
        // Typing reaches the model at once (so Apply never sends stale text); checks wait for a pause.
        area.textProperty().addListener((obs, old, now) -> {
            if (!updatingFromModel) {
                model.textEdited(now);
            }
        });
        typing = area.multiPlainChanges().successionEnds(Duration.ofMillis(DEBOUNCE_MS)).subscribe(c -> check());
        model.textProperty().addListener((obs, old, now) -> showModelText(now));
        model.problems().addListener((ListChangeListener<TextProblem>) c -> restyle());
        check();
    }

    Node node() {
        return root;
    }

    CodeArea area() {
        return area;
    }

    /** Puts the caret where {@code p} points and scrolls there. */
    void moveCaretTo(TextProblem p) {
        int[] range = YamlHighlighting.problemRange(area.getText(), p);
        if (range != null) {
            area.moveTo(range[0]);
            area.requestFollowCaret();
            area.requestFocus();
        }
    }

    /** Lines (1-based) that hold an error, as the gutter marks them. */
    Set<Integer> errorLines() {
        return errorLines;
    }

    void close() {
        typing.unsubscribe();
    }

    /** The model's text changed (an undo, a graphical edit, a reload): show it unless it is what was typed. */
    private void showModelText(String text) {
        if (text.equals(area.getText())) {
            return;
        }
        updatingFromModel = true;
        try {
            area.replaceText(text);
        } finally {
            updatingFromModel = false;
        }
        check();
    }

    /** Checks and highlights the current text off the FX thread; a result for text since changed is dropped. */
    private void check() {
        String text = area.getText();
        CompletableFuture.supplyAsync(() -> {
            TextCheck check = TextCheck.of(text);
            return new Checked(check, YamlHighlighting.compute(text, check.problems()));
        }, checker).thenAccept(done -> Platform.runLater(() -> {
            if (done.check.text().equals(area.getText())) {
                model.acceptCheck(done.check);
                applyStyles(done.styles);
            }
        }));
    }

    private record Checked(TextCheck check, StyleSpans<Collection<String>> styles) {
    }

    /** Problems changed without a new check (an engine rejection): restyle with them, off the FX thread. */
    private void restyle() {
        String text = area.getText();
        List<TextProblem> problems = List.copyOf(model.problems());
        CompletableFuture.supplyAsync(() -> YamlHighlighting.compute(text, problems), checker)
                .thenAccept(styles -> Platform.runLater(() -> {
                    if (text.equals(area.getText())) {
                        applyStyles(styles);
                    }
                }));
        Set<Integer> lines = new HashSet<>();
        for (TextProblem p : problems) {
            if (!p.warning() && p.line() > 0) {
                lines.add(p.line());
            }
        }
        if (!lines.equals(errorLines)) {
            errorLines = Set.copyOf(lines);
            area.setParagraphGraphicFactory(this::gutter); // re-creates the gutter graphics with the new markers
        }
    }

    private void applyStyles(StyleSpans<Collection<String>> styles) {
        if (styles.length() == area.getLength()) {
            area.setStyleSpans(0, styles);
        }
    }

    private Node gutter(int paragraph) {
        Node number = lineNumbers.apply(paragraph);
        Circle marker = new Circle(4);
        marker.getStyleClass().add("error-marker");
        boolean error = errorLines.contains(paragraph + 1);
        marker.setVisible(error);
        if (error) {
            marker.setId("error-marker-" + (paragraph + 1));
        }
        HBox box = new HBox(2, marker, number);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private static final class ProblemCell extends ListCell<TextProblem> {
        @Override
        protected void updateItem(TextProblem item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeAll("problem-error", "problem-warning");
            if (empty || item == null) {
                setText(null);
                return;
            }
            setText(item.toString());
            getStyleClass().add(item.warning() ? "problem-warning" : "problem-error");
        }
    }
}
