package dev.gatehouse.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code export}: canonical YAML on stdout that loads back to the very same config. */
class ExportCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gatehouse.engine.cli.ValidateCommandTest#sampleConfigs")
    void exportedYamlLoadsBackEqual(Path sample) {
        GatewayConfig original = new ConfigLoader().load(sample).config();

        CliResult result = CliResult.execute("export", "-c", sample.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(new ConfigLoader().load(result.out(), "exported.yaml").config()).isEqualTo(original);
    }

    @Test
    void exportIsStableWhenExportedAgain() throws IOException {
        Path file = Files.writeString(dir.resolve("gw.yaml"), ValidateCommandTest.VALID);
        String once = CliResult.execute("export", "--config", file.toString()).out();
        Path exported = Files.writeString(dir.resolve("exported.yaml"), once);

        assertThat(CliResult.execute("export", "-c", exported.toString()).out()).isEqualTo(once);
    }

    @Test
    void invalidFileExportsNothingAndFails() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), ValidateCommandTest.TWO_ERRORS);

        CliResult result = CliResult.execute("export", "-c", bad.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).containsExactly(
                bad + ":3:14: error: listeners[0].address: port is not a number in '127.0.0.1:notaport'",
                bad + ":7:14: error: routes[0].cluster: unknown cluster 'nope'");
    }
}
