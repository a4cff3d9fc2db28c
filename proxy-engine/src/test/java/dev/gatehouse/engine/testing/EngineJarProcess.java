package dev.gatehouse.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine's runnable jar ({@code target/gatehouse-engine.jar}, built by {@code package} before the
 * integration tests) as users start it, in a process of its own: {@code java [options] -jar ... run -c config}.
 * Its output goes to files, not pipes: reading a pipe while the process exits can fail with "Stream closed".
 */
public final class EngineJarProcess implements AutoCloseable {
    public static final Path JAR = Path.of("target", "gatehouse-engine.jar");
    private static final Pattern LISTENER = Pattern.compile("listener main on http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final URI base;

    private EngineJarProcess(Process process, Path stdout, Path stderr, URI base) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.base = base;
    }

    /** Writes {@code yaml} into {@code dir}, runs it, and returns once listener {@code main} listens. */
    public static EngineJarProcess start(Path dir, String yaml, String... jvmOptions) throws IOException {
        assertThat(JAR).as("built by package before the integration tests").isRegularFile();
        Path config = Files.writeString(dir.resolve("gw.yaml"), yaml);
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", JAR.toString(), "run", "-c", config.toString()));
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            Matcher listening = LISTENER.matcher("");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> listening.reset(Files.readString(stdout)).find() || !process.isAlive());
            assertThat(listening.find(0)).as("listening; stderr: %s", Files.readString(stderr)).isTrue();
            return new EngineJarProcess(process, stdout, stderr, URI.create("http://127.0.0.1:" + listening.group(1)));
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    public Process process() {
        return process;
    }

    /** Listener {@code main}'s address, {@code http://127.0.0.1:port}. */
    public URI uri(String path) {
        return base.resolve(path);
    }

    public String stdout() throws IOException {
        return Files.readString(stdout);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
