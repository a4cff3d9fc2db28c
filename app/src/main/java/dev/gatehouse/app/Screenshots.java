package dev.gatehouse.app;

import dev.gatehouse.app.shell.WorkbenchWindow;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import javafx.animation.PauseTransition;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.util.Duration;
import javax.imageio.ImageIO;

/**
 * Renders each tab of a live window to {@code DIR/<tab>.png} (used by docs/screenshots.sh): waits for
 * traffic to fill the views, then selects the tabs one by one and snapshots the whole scene.
 */
final class Screenshots {
    private static final Duration WARM_UP = Duration.seconds(15);
    private static final Duration SETTLE = Duration.seconds(2.5);

    private Screenshots() {
    }

    /** @param only a tab title to render alone, or null for all */
    static void take(WorkbenchWindow window, Path dir, String suffix, String only, Runnable then) {
        Deque<Integer> tabs = new ArrayDeque<>();
        for (int i = 0; i < window.tabs().getTabs().size(); i++) {
            if (only == null || window.tabs().getTabs().get(i).getText().equals(only)) {
                tabs.add(i);
            }
        }
        var warmUp = new PauseTransition(WARM_UP);
        warmUp.setOnFinished(e -> next(window, dir, suffix, tabs, then));
        warmUp.play();
    }

    private static void next(WorkbenchWindow window, Path dir, String suffix, Deque<Integer> tabs, Runnable then) {
        if (tabs.isEmpty()) {
            then.run();
            return;
        }
        int index = tabs.removeFirst();
        window.tabs().getSelectionModel().select(index);
        if (index == 0) {
            selectAnErrorTrace(window);
        }
        var settle = new PauseTransition(SETTLE);
        settle.setOnFinished(e -> {
            String name = window.tabs().getTabs().get(index).getText().toLowerCase().replaceAll("[^a-z0-9]+", "-");
            save(window.stage().getScene().snapshot(null), dir.resolve("workbench-" + name + suffix + ".png"));
            next(window, dir, suffix, tabs, then);
        });
        settle.play();
    }

    /**
     * Shows the detail pane with something telling: the newest trace that reached an upstream and either
     * went through filters or carried a body (a full waterfall), else the newest one.
     */
    private static void selectAnErrorTrace(WorkbenchWindow window) {
        var traces = window.view(dev.gatehouse.views.traces.LiveTracesView.class);
        traces.store().pausedProperty().set(true);
        var table = traces.table();
        int chosen = table.getItems().size() - 1;
        for (int i = table.getItems().size() - 1; i >= 0; i--) {
            var t = table.getItems().get(i);
            if (t.status() == 200 && !t.endpoint().isEmpty() && (!t.filters().isEmpty() || t.method().equals("POST"))) {
                chosen = i;
                break;
            }
        }
        if (chosen >= 0) {
            table.getSelectionModel().clearAndSelect(chosen);
            table.scrollTo(Math.max(0, chosen - 4));
        }
    }

    static void save(WritableImage image, Path file) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        PixelReader pixels = image.getPixelReader();
        var out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(out, "png", file.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
