package dev.gatehouse.views.shell;

import dev.gatehouse.views.engine.EngineClient;
import java.util.Objects;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The engine the workbench is looking at. It changes when the user switches to a remote engine (or
 * back); views listen to {@link #clientProperty()} and reopen their feeds. {@link #configVersionProperty()}
 * follows the running config version, so views that show config refresh after any apply or rollback,
 * whoever made it. Properties change on the FX thread only.
 */
public final class EngineSession {
    private final ReadOnlyObjectWrapper<EngineClient> client = new ReadOnlyObjectWrapper<>(this, "client");
    private final ReadOnlyLongWrapper configVersion = new ReadOnlyLongWrapper(this, "configVersion", -1);

    public EngineSession(EngineClient initial) {
        client.set(Objects.requireNonNull(initial, "initial"));
    }

    public EngineClient client() {
        return client.get();
    }

    public ReadOnlyObjectProperty<EngineClient> clientProperty() {
        return client.getReadOnlyProperty();
    }

    /** Switches engines; the caller closes the previous client once views have let go of it. FX thread. */
    public void switchTo(EngineClient next) {
        client.set(Objects.requireNonNull(next, "next"));
        configVersion.set(-1);
    }

    public ReadOnlyLongProperty configVersionProperty() {
        return configVersion.getReadOnlyProperty();
    }

    /** Records the running version (after an apply, a rollback, or a poll). FX thread. */
    public void configVersion(long version) {
        configVersion.set(version);
    }
}
