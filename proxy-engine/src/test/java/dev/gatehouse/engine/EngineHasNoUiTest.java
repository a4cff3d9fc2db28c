package dev.gatehouse.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine runs headless: no JavaFX anywhere in its sources (the workbench depends on it, never the reverse). */
class EngineHasNoUiTest {
    @Test
    void noJavafxImports() throws IOException {
        Path sources = Path.of("src/main/java");
        assertThat(sources).isDirectory();
        try (Stream<Path> files = Files.walk(sources)) {
            List<Path> offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(EngineHasNoUiTest::mentionsJavafx)
                    .toList();
            assertThat(offenders).isEmpty();
        }
    }

    private static boolean mentionsJavafx(Path file) {
        try {
            return Files.readString(file).contains("javafx.");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
