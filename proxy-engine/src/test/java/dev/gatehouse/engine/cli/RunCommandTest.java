package dev.gatehouse.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}: announces where it serves, serves, and stops cleanly; refuses what cannot run. */
class RunCommandTest {
    /** Everything on ephemeral ports; a short drain so a kept-alive test client does not slow the stop. */
    static final String HELLO = """
            admin: {address: 127.0.0.1:0}
            engine: {drain_time: 200ms}
            listeners:
              - {name: main, address: 127.0.0.1:0}
            routes:
              - name: hello
                match: {prefix: /}
                direct_response: {status: 200, body: "%s"}
            """;

    @TempDir
    Path dir;

    @Test
    void servesUntilStoppedThenDrainsAndExitsZero() throws Exception {
        Path config = Files.writeString(dir.resolve("gw.yaml"), HELLO.formatted("hello"));

        try (var run = RunningCli.start("run", "-c", config.toString())) {
            int port = run.awaitListenerPort("main");
            assertThat(run.get(port, "/anything").body()).isEqualTo("hello");
            String token = run.awaitOut("admin token \\(generated, shown once\\): (\\w+)");
            assertThat(run.out()).containsOnlyOnce(token)
                    .containsPattern("admin API on http://127\\.0\\.0\\.1:\\d+")
                    .contains("serving config version 1 from " + config);

            assertThat(run.stop()).isZero();
            assertThat(run.out()).contains("stopping: draining open connections for up to 200ms").endsWith("stopped" + System.lineSeparator());
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void configuredTokenIsNotPrinted() throws Exception {
        Path config = Files.writeString(dir.resolve("gw.yaml"), HELLO.formatted("hello")
                .replace("admin: {address: 127.0.0.1:0}", "admin: {address: 127.0.0.1:0, token: s3cret-token}"));

        try (var run = RunningCli.start("run", "-c", config.toString())) {
            run.awaitOut("serving config version 1");
            assertThat(run.out()).doesNotContain("token").doesNotContain("s3cret");
        }
    }

    @Test
    void missingFileFailsWithAClearMessage() throws Exception {
        Path missing = dir.resolve("missing.yaml");

        CliResult result = CliResult.execute("run", "-c", missing.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo(missing + ": error: no such file" + System.lineSeparator());
    }

    @Test
    void invalidConfigFailsWithLocatedErrors() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), ValidateCommandTest.TWO_ERRORS);

        CliResult result = CliResult.execute("run", "-c", bad.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains(bad + ":3:14: error: ", bad + ":7:14: error: ");
    }

    @Test
    void listenerThatCannotBindFailsToStart() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = Files.writeString(dir.resolve("gw.yaml"), HELLO.formatted("hello")
                    .replace("{name: main, address: 127.0.0.1:0}", "{name: main, address: 127.0.0.1:" + taken.getLocalPort() + "}"));

            CliResult result = CliResult.execute("run", "-c", config.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.out()).isEmpty();
            assertThat(result.err()).startsWith("error: cannot start: listener 'main' cannot bind 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void missingConfigOptionIsAUsageError() {
        CliResult result = CliResult.execute("run");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required option: '--config=FILE'");
    }
}
