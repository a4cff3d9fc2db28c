package dev.gatehouse.app;

import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.runtime.Gateway;
import dev.gatehouse.views.engine.EngineClient;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/** The workbench window. On start it opens lab 1 in demo mode on an embedded engine. */
public final class WorkbenchApp extends Application {
    private Gateway gateway;
    private EngineClient client;

    @Override
    public void start(Stage stage) throws Exception {
        Path lab = Path.of(System.getProperty("gatehouse.samples", "sample-configs"), "lab1-naked-proxy.yaml");
        var loaded = new ConfigLoader().load(lab);
        gateway = Gateway.start(loaded.config(), lab.toString());
        client = EngineClient.embedded(gateway);
        var status = new Label("Engine " + client.describe() + " running " + lab.getFileName());
        status.setId("engine-status");
        var root = new BorderPane();
        root.setBottom(status);
        stage.setTitle("Gatehouse workbench");
        stage.setScene(new Scene(root, 1280, 800));
        stage.show();
    }

    @Override
    public void stop() {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }
}
