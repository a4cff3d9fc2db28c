package dev.gatehouse.engine.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.Channel;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StreamBackendTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final BackendExtension stream = new BackendExtension("stream-1",
            new DemoBackendKind.Stream(DemoBackendKind.Stream.DEFAULT_CHUNK_BYTES, 2L << 30));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void servesTheRequestedBytesOfThePattern() throws Exception {
        long size = 50L * 1024 * 1024;
        HttpResponse<InputStream> response = http.send(get("/bytes/" + size), BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(size);
        assertThat(response.headers().firstValue("x-backend")).hasValue("stream-1");
        try (InputStream body = response.body()) {
            assertThat(checkPattern(body)).isEqualTo(size);
        }
    }

    @Test
    void zeroBytesIsAnEmptyBody() throws Exception {
        var response = http.send(get("/bytes/0"), BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void headGivesTheLengthOnly() throws Exception {
        var head = HttpRequest.newBuilder(stream.uri("/bytes/12345")).method("HEAD", BodyPublishers.noBody())
                .timeout(TIMEOUT).build();
        var response = http.send(head, BodyHandlers.ofByteArray());

        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(12345);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void otherPathsAreA404AndTooMuchIsA400() throws Exception {
        assertThat(http.send(get("/bytes/lots"), BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(http.send(get("/"), BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(http.send(get("/bytes/" + ((2L << 30) + 1)), BodyHandlers.ofString()).statusCode()).isEqualTo(400);
    }

    @Test
    void writesNoFasterThanTheClientReads() throws Exception {
        try (var socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(stream.backend().address(), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /bytes/1073741824 HTTP/1.1\r\nHost: t\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            Channel connection = await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> serverSideOf(socket), channel -> channel != null);

            for (int round = 0; round < 3; round++) {
                // The client stops reading: the socket buffers fill, the channel turns unwritable...
                await().atMost(10, TimeUnit.SECONDS).until(() -> !connection.isWritable());
                // ...and what waits in the server's memory is about one write buffer, not the gigabyte.
                assertThat(connection.bytesBeforeWritable()).isLessThan(1 << 20);
                // Reading on lets the server resume.
                assertThat(socket.getInputStream().readNBytes(4 << 20)).hasSize(4 << 20);
            }
        }
    }

    /** The backend's end of this socket, among connections other tests left open. */
    private static Channel serverSideOf(Socket socket) {
        return stream.backend().connections().stream()
                .filter(channel -> ((InetSocketAddress) channel.remoteAddress()).getPort() == socket.getLocalPort())
                .findFirst()
                .orElse(null);
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(stream.uri(path)).timeout(TIMEOUT).GET().build();
    }

    /** Reads to the end, checking byte i is '!' + i % 94 as documented; returns the count. */
    private static long checkPattern(InputStream body) throws Exception {
        byte[] buffer = new byte[64 * 1024];
        long offset = 0;
        for (int n; (n = body.read(buffer)) > 0; ) {
            for (int i = 0; i < n; i++, offset++) {
                if (buffer[i] != (byte) ('!' + offset % 94)) {
                    throw new AssertionError("byte " + offset + " is " + buffer[i]);
                }
            }
        }
        return offset;
    }
}
