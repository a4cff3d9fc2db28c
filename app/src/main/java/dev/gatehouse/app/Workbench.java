package dev.gatehouse.app;

import javafx.application.Application;

/**
 * The workbench's entry point. It does not extend {@link Application} on purpose: JavaFX refuses to
 * start an Application main class from the class path, which is how the shaded jar runs.
 */
public final class Workbench {
    private Workbench() {
    }

    public static void main(String[] args) {
        Application.launch(WorkbenchApp.class, args);
    }
}
