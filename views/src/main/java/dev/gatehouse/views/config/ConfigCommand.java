package dev.gatehouse.views.config;

import dev.gatehouse.engine.config.GatewayConfig;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One edit of the config being edited, as a command that {@link ConfigEditModel} executes and can
 * undo. The config is an immutable value, so a command is a pure function from the config before to
 * the config after, and undo restores the value from before: no command needs an inverse of its own.
 *
 * @param description what the edit did, for undo/redo tooltips, e.g. "move route 'web' to position 1"
 */
public record ConfigCommand(String description, UnaryOperator<GatewayConfig> edit) {
    public ConfigCommand {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(edit, "edit");
    }

    /** The config after this edit; throws {@link IllegalArgumentException} when the edit does not fit it. */
    public GatewayConfig applyTo(GatewayConfig config) {
        return Objects.requireNonNull(edit.apply(config), "an edit returned no config");
    }

    @Override
    public String toString() {
        return description;
    }
}
