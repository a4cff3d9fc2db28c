package dev.gatehouse.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as users start it: a real process, stopped by a real SIGTERM. Runs under
 * failsafe in {@code verify}, after {@code package} has built the jar it checks.
 */
class ShadedJarIT {
    private static final Path JAR = Path.of("target", "gatehouse-engine.jar");
    private static final Pattern LISTENER = Pattern.compile("listener main on http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void servesFromTheJarAndExitsZeroOnSigterm(@TempDir Path dir) throws Exception {
        assertThat(JAR).as("built by package before this integration test").isRegularFile();
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "Process.destroy() is no SIGTERM there");
        Path config = Files.writeString(dir.resolve("gw.yaml"), RunCommandTest.HELLO.formatted("from the jar"));
        // Files, not pipes: reading a pipe while the process exits can fail with "Stream closed".
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-jar", JAR.toString(), "run", "-c", config.toString())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            Matcher listening = LISTENER.matcher("");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> listening.reset(Files.readString(stdout)).find() || !process.isAlive());
            assertThat(listening.find(0)).as("listening; stderr: %s", Files.readString(stderr)).isTrue();
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listening.group(1) + "/"))
                            .timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("from the jar");
            // The shaded jar carries the native transports: it picks what this JVM can load, too.
            String sockets = IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";
            assertThat(Files.readString(stdout)).contains("sockets: " + sockets + " (engine.transport)");

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(Files.readAllLines(stdout)).contains("stopped");
            assertThat(Files.readString(stderr)).doesNotContain("Exception").doesNotContain("ERROR");
        } finally {
            process.destroyForcibly();
        }
    }
}
