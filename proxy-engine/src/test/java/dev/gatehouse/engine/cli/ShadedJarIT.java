package dev.gatehouse.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.gatehouse.engine.testing.EngineJarProcess;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as users start it: a real process, stopped by a real SIGTERM. Runs under
 * failsafe in {@code verify}, after {@code package} has built the jar it checks.
 */
class ShadedJarIT {
    @Test
    void servesFromTheJarAndExitsZeroOnSigterm(@TempDir Path dir) throws Exception {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "Process.destroy() is no SIGTERM there");
        try (var engine = EngineJarProcess.start(dir, RunCommandTest.HELLO.formatted("from the jar"))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(engine.uri("/")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("from the jar");
            // The shaded jar carries the native transports: it picks what this JVM can load, too.
            String sockets = IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";
            assertThat(engine.stdout()).contains("sockets: " + sockets + " (engine.transport)");

            Process process = engine.process();
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(engine.stdout().lines()).contains("stopped");
            assertThat(engine.stderr()).doesNotContain("Exception").doesNotContain("ERROR");
        }
    }
}
