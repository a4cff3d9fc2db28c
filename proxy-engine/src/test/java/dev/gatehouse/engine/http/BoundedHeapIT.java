package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.PatternPublisher;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB upload and a 1 GiB download through the engine's jar in a JVM with 64 MB of heap and 64 MB of direct
 * memory: a body held anywhere in the engine would end the process with an OutOfMemoryError.
 */
class BoundedHeapIT {
    private static final long GIB = 1L << 30;
    private static final Path JAR = Path.of("target", "gatehouse-engine.jar");
    private static final Pattern LISTENER = Pattern.compile("listener main on http://127\\.0\\.0\\.1:(\\d+)");
    private static final String CONFIG = "admin: {enabled: false}\n" + StreamingTest.SINK_AND_STREAM;

    @TempDir
    static Path dir;
    private static Process engine;
    private static Path stderr;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        Path config = Files.writeString(dir.resolve("gw.yaml"), CONFIG);
        Path stdout = dir.resolve("stdout.txt");
        stderr = dir.resolve("stderr.txt");
        String java = ProcessHandle.current().info().command().orElse("java");
        engine = new ProcessBuilder(java, "-Xmx64m", "-XX:MaxDirectMemorySize=64m", "-XX:+ExitOnOutOfMemoryError",
                "-jar", JAR.toString(), "run", "-c", config.toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        Matcher listening = LISTENER.matcher("");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> listening.reset(Files.readString(stdout)).find() || !engine.isAlive());
        assertThat(listening.find(0)).as("listening; stderr: %s", Files.readString(stderr)).isTrue();
        base = URI.create("http://127.0.0.1:" + listening.group(1));
    }

    @AfterAll
    static void stop() {
        engine.destroyForcibly();
    }

    @Test
    void aGibUploadPasses() throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/upload"))
                .POST(HttpRequest.BodyPublishers.fromPublisher(new PatternPublisher(GIB, digest), GIB)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s; stderr: %s", response.body(), Files.readString(stderr)).isEqualTo(200);
        var body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("bytes").asLong()).isEqualTo(GIB);
        assertThat(body.get("sha256").asText()).isEqualTo(HexFormat.of().formatHex(digest.digest()));
        assertThat(engine.isAlive()).isTrue();
    }

    @Test
    void aGibDownloadPasses() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/bytes/" + GIB)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long total = 0;
        try (InputStream in = response.body()) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
            }
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(total).as("stderr: %s", Files.readString(stderr)).isEqualTo(GIB);
        assertThat(engine.isAlive()).isTrue();
    }
}
