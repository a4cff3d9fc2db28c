package dev.gatehouse.views.shell;

import javafx.scene.Node;

/**
 * One main view of the workbench (live traces, topology, config editor...), hosted by the app's
 * window as a tab. Views read the engine only through the {@link EngineSession} they are given.
 */
public interface WorkbenchView extends AutoCloseable {
    /** The tab's title. */
    String title();

    /** The view's root; created once. */
    Node node();

    /** Stops timers and feeds; the view is not shown again. */
    @Override
    void close();
}
