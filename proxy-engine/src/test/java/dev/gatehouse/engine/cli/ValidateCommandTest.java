package dev.gatehouse.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.TestGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code validate}: every file checked, every problem located, exit 1 if any file is bad. */
class ValidateCommandTest {
    /** Two errors: a port that is not a number (line 3) and an unknown cluster (line 7). */
    static final String TWO_ERRORS = """
            listeners:
              - name: public
                address: 127.0.0.1:notaport
            routes:
              - name: echo
                match: {prefix: /}
                cluster: nope
            """;
    static final String VALID = """
            listeners:
              - {name: main, address: 127.0.0.1:0}
            routes:
              - {name: hello, match: {prefix: /}, direct_response: {status: 200, body: hi}}
            """;

    @TempDir
    Path dir;

    /** Keeps the samples from rotting: each one must stay valid as the schema moves on. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleConfigs")
    void everySampleConfigIsValid(Path sample) {
        CliResult result = CliResult.execute("validate", sample.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(sample + ": ok" + System.lineSeparator());
    }

    static Stream<Path> sampleConfigs() throws IOException {
        Path samples = TestGateway.sample("");
        try (Stream<Path> files = Files.list(samples)) {
            var yaml = files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml).as("sample configs in " + samples).isNotEmpty();
            return yaml.stream();
        }
    }

    @Test
    void reportsEveryErrorWithFileLineAndColumn() throws IOException {
        Path bad = write("bad.yaml", TWO_ERRORS);

        CliResult result = CliResult.execute("validate", bad.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).containsExactly(
                bad + ":3:14: error: listeners[0].address: port is not a number in '127.0.0.1:notaport'",
                bad + ":7:14: error: routes[0].cluster: unknown cluster 'nope'",
                bad + ": invalid, 2 errors");
    }

    @Test
    void checksEveryFileAndFailsWhenAnyIsInvalid() throws IOException {
        Path first = write("first.yaml", TWO_ERRORS);
        Path good = write("good.yaml", VALID);
        Path last = write("last.yaml", VALID.replace("status: 200", "status: 700"));

        CliResult result = CliResult.execute("validate", first.toString(), good.toString(), last.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out().lines()).containsExactly(good + ": ok");
        assertThat(result.err().lines()).containsExactly(
                first + ":3:14: error: listeners[0].address: port is not a number in '127.0.0.1:notaport'",
                first + ":7:14: error: routes[0].cluster: unknown cluster 'nope'",
                first + ": invalid, 2 errors",
                last + ":4:65: error: routes[0].direct_response.status: must be between 200 and 599, got 700",
                last + ": invalid, 1 error");
    }

    @Test
    void warningsAreLocatedButDoNotFail() throws IOException {
        Path shadowed = write("shadowed.yaml", """
                routes:
                  - {name: all, match: {prefix: /}, direct_response: {status: 200}}
                  - {name: never, match: {prefix: /x}, direct_response: {status: 200}}
                """);

        CliResult result = CliResult.execute("validate", shadowed.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines()).containsExactly(shadowed + ": ok, 1 warning");
        assertThat(result.err()).startsWith(shadowed + ":3:").contains(": warning: routes[1].match: route 'never' can never match");
    }

    @Test
    void missingFileIsReportedPlainly() {
        Path missing = dir.resolve("missing.yaml");

        CliResult result = CliResult.execute("validate", missing.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines()).containsExactly(missing + ": error: no such file", missing + ": invalid, 1 error");
    }

    @Test
    void noFileIsAUsageError() {
        CliResult result = CliResult.execute("validate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required parameter: 'FILE'").contains("Usage: gatehouse-engine validate");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
