package dev.gatehouse.engine.cli;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --watch}: saves apply, bad saves are reported and change nothing, every way of saving counts. */
class RunWatchTest {
    @TempDir
    Path dir;

    @Test
    void appliesChangesAndKeepsServingThroughAnInvalidOne() throws Exception {
        Path config = Files.writeString(dir.resolve("gw.yaml"), hello("A"));

        try (var run = RunningCli.start("run", "-c", config.toString(), "--watch")) {
            int port = run.awaitListenerPort("main");
            run.awaitOut("watching " + Pattern.quote(config.toString()) + " for changes");
            assertThat(run.get(port, "/").body()).isEqualTo("A");

            Files.writeString(config, hello("B"));
            run.awaitBody(port, "/", "B");
            assertThat(run.out()).contains("config version 2 applied from " + config);

            Files.writeString(config, hello("C").replace("status: 200", "status: 1000"));
            run.awaitErr(config + ":8:31: error: routes[0].direct_response.status: must be between 200 and 599, got 1000");
            assertThat(run.err()).contains(config + " changed but is invalid; still serving config version 2:");
            assertThat(run.get(port, "/").body()).isEqualTo("B");

            Files.writeString(config, hello("D"));
            run.awaitBody(port, "/", "D");
            assertThat(run.out()).contains("config version 3 applied from " + config);

            assertThat(run.stop()).isZero();
        }
    }

    /** How many editors save: write a temporary file beside the original, then rename it over. */
    @Test
    void renamingANewFileOverTheConfigApplies() throws Exception {
        Path config = Files.writeString(dir.resolve("gw.yaml"), hello("A"));

        try (var run = RunningCli.start("run", "-c", config.toString(), "--watch")) {
            int port = run.awaitListenerPort("main");
            run.awaitOut("watching .* for changes");

            Path saved = Files.writeString(dir.resolve(".gw.yaml.swp"), hello("B"));
            Files.move(saved, config, ATOMIC_MOVE, REPLACE_EXISTING);
            run.awaitBody(port, "/", "B");

            Path savedAgain = Files.writeString(dir.resolve(".gw.yaml.swp"), hello("C"));
            Files.move(savedAgain, config, ATOMIC_MOVE, REPLACE_EXISTING);
            run.awaitBody(port, "/", "C");
            assertThat(run.out()).contains("config version 3 applied");
        }
    }

    /**
     * A save written in pieces passes through invalid states; none of them is reported, and the
     * burst is one new version.
     */
    @Test
    void aBurstOfWritesAppliesOnce() throws Exception {
        Path config = Files.writeString(dir.resolve("gw.yaml"), hello("A"));

        try (var run = RunningCli.start("run", "-c", config.toString(), "--watch")) {
            int port = run.awaitListenerPort("main");
            run.awaitOut("watching .* for changes");

            byte[] next = hello("B").getBytes(StandardCharsets.UTF_8);
            try (var channel = FileChannel.open(config, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int i = 0; i < next.length; i += 16) {
                    channel.write(ByteBuffer.wrap(next, i, Math.min(16, next.length - i)));
                }
            }
            run.awaitBody(port, "/", "B");

            assertThat(run.out()).contains("config version 2 applied").doesNotContain("config version 3");
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void savingTheSameTextAppliesNothing() throws Exception {
        Path config = Files.writeString(dir.resolve("gw.yaml"), hello("A"));

        try (var run = RunningCli.start("run", "-c", config.toString(), "--watch")) {
            int port = run.awaitListenerPort("main");
            run.awaitOut("watching .* for changes");

            Files.writeString(config, hello("A"));  // a save without changes
            Files.writeString(dir.resolve("other.yaml"), hello("X")); // a neighbour, not ours
            Files.writeString(config, hello("B"));
            run.awaitBody(port, "/", "B");

            assertThat(run.out()).contains("config version 2 applied").doesNotContain("config version 3");
        }
    }

    private static String hello(String body) {
        return RunCommandTest.HELLO.formatted(body);
    }
}
