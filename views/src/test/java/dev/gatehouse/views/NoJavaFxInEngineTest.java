package dev.gatehouse.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine runs headless and never knows a UI exists: no JavaFX in its sources, ever. */
class NoJavaFxInEngineTest {
    private static final Pattern JAVAFX = Pattern.compile("^\\s*import\\s+(static\\s+)?javafx\\.", Pattern.MULTILINE);

    @Test
    void proxyEngineSourcesImportNoJavaFx() throws IOException {
        Path sources = Path.of(System.getProperty("gatehouse.samples", "../sample-configs")).resolveSibling("proxy-engine")
                .resolve("src/main/java");
        assertThat(sources).isDirectory();
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(NoJavaFxInEngineTest::importsJavaFx).toList();
        }
        assertThat(offenders).as("proxy-engine files importing javafx").isEmpty();
    }

    private static boolean importsJavaFx(Path file) {
        try {
            String text = Files.readString(file);
            return JAVAFX.matcher(text).find() || text.contains("javafx.application.") || text.contains("javafx.scene.");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
