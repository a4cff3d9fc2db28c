package dev.gatehouse.app.shell;

import javafx.application.Application;

/**
 * Light and dark looks: AtlantaFX's Primer stylesheets, plus the workbench's own stylesheet on every
 * scene. The stylesheets are taken from the AtlantaFX jar by path: its classes are Java 21 bytecode,
 * the workbench runs on Java 17, and the CSS is all we need.
 */
public enum Theme {
    LIGHT("/atlantafx/base/theme/primer-light.css"), DARK("/atlantafx/base/theme/primer-dark.css");

    public static final String WORKBENCH_CSS = Theme.class.getResource("/dev/gatehouse/views/workbench.css").toExternalForm();

    private final String stylesheet;

    Theme(String stylesheet) {
        this.stylesheet = stylesheet;
    }

    public void apply() {
        var url = Theme.class.getResource(stylesheet);
        if (url != null) {
            Application.setUserAgentStylesheet(url.toExternalForm());
        }
    }
}
