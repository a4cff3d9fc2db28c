package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.EngineJarProcess;
import dev.gatehouse.engine.testing.PatternPublisher;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
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
    private static final String CONFIG = "admin: {enabled: false}\n" + StreamingTest.SINK_AND_STREAM;

    @TempDir
    static Path dir;
    private static EngineJarProcess engine;

    @BeforeAll
    static void start() throws Exception {
        engine = EngineJarProcess.start(dir, CONFIG,
                "-Xmx64m", "-XX:MaxDirectMemorySize=64m", "-XX:+ExitOnOutOfMemoryError");
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void aGibUploadPasses() throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(engine.uri("/upload"))
                .POST(HttpRequest.BodyPublishers.fromPublisher(new PatternPublisher(GIB, digest), GIB)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s; stderr: %s", response.body(), engine.stderr()).isEqualTo(200);
        var body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("bytes").asLong()).isEqualTo(GIB);
        assertThat(body.get("sha256").asText()).isEqualTo(HexFormat.of().formatHex(digest.digest()));
        assertThat(engine.process().isAlive()).isTrue();
    }

    @Test
    void aGibDownloadPasses() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(engine.uri("/bytes/" + GIB)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long total = 0;
        try (InputStream in = response.body()) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
            }
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(total).as("stderr: %s", engine.stderr()).isEqualTo(GIB);
        assertThat(engine.process().isAlive()).isTrue();
    }
}
