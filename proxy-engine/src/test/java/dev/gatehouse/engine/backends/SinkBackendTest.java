package dev.gatehouse.engine.backends;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SinkBackendTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final BackendExtension sink = new BackendExtension("sink-1", new DemoBackendKind.Sink());

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void countsAndHashesAStreamedUpload() throws Exception {
        long size = 50L * 1024 * 1024;
        // Unknown length, so the body goes chunked and no one holds it whole.
        var upload = BodyPublishers.ofInputStream(() -> new GeneratedBytes(size));

        JsonNode summary = send(HttpRequest.newBuilder(sink.uri("/upload")).POST(upload), Duration.ofSeconds(60));

        assertThat(summary.get("bytes").asLong()).isEqualTo(size);
        assertThat(summary.get("sha256").asText()).isEqualTo(GeneratedBytes.sha256Of(size));
    }

    @Test
    void hashesAFixedLengthBody() throws Exception {
        JsonNode summary = send(HttpRequest.newBuilder(sink.uri("/")).PUT(BodyPublishers.ofString("abc")),
                Duration.ofSeconds(10));

        assertThat(summary.get("bytes").asLong()).isEqualTo(3);
        assertThat(summary.get("sha256").asText())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void answersARequestWithoutBodyToo() throws Exception {
        JsonNode summary = send(HttpRequest.newBuilder(sink.uri("/")).GET(), Duration.ofSeconds(10));

        assertThat(summary.get("bytes").asLong()).isZero();
        assertThat(summary.get("sha256").asText())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    private JsonNode send(HttpRequest.Builder request, Duration timeout) throws Exception {
        var response = http.send(request.timeout(timeout).build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-backend")).hasValue("sink-1");
        return JSON.readTree(response.body());
    }
}
