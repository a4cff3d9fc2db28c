package dev.gatehouse.views;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.testfx.framework.junit5.ApplicationTest;

/**
 * The headless toolkit (Monocle) runs real scenes and real clicks: the other view tests rely on it.
 * TestFX drives one shared stage and robot, so every FX test class takes the "javafx" lock.
 */
@ResourceLock("javafx")
class HeadlessToolkitTest extends ApplicationTest {
    private int clicks;

    @Override
    public void start(Stage stage) {
        var button = new Button("press");
        button.setId("press");
        button.setOnAction(e -> clicks++);
        stage.setScene(new Scene(new StackPane(button), 200, 100));
        stage.show();
    }

    @Test
    void clicksReachTheScene() {
        clickOn("#press");
        clickOn("#press");
        assertThat(clicks).isEqualTo(2);
    }
}
