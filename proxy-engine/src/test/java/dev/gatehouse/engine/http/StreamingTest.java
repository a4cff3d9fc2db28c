package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.PatternPublisher;
import dev.gatehouse.engine.testing.TestGateway;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 1 GiB each way through the gateway (256 MiB each way over HTTP/2). Bodies must stream: the engine's buffer memory (Netty's default
 * allocator, shared with the demo backends in this JVM) is
 * sampled during the transfer and must stay far below the body size.
 */
class StreamingTest {
    private static final long GIB = 1L << 30;
    private static final long MEMORY_BOUND = 64L << 20;
    /** Four times the memory bound: enough to show the body is not held, quicker than a GiB over h2. */
    private static final long HTTP2_BYTES = 256L << 20;
    /** An upload sink and a download source, each behind its own route with no timeout. */
    static final String SINK_AND_STREAM = """
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - {name: upload, match: {prefix: /upload}, cluster: sink, timeout: 0}
                  - {name: download, match: {prefix: /bytes}, cluster: stream, timeout: 0}
                clusters:
                  - {name: sink, endpoints: [{backend: sink}]}
                  - {name: stream, endpoints: [{backend: stream}]}
                demo_backends:
                  - {name: sink, kind: sink}
                  - {name: stream, kind: stream}
                """;
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start(SINK_AND_STREAM);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void oneGibUploadStreamsWithBoundedMemory() throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        var peak = new MemoryPeak();
        peak.start();
        var response = gw.client().send(HttpRequest.newBuilder(gw.uri("/upload"))
                .POST(HttpRequest.BodyPublishers.fromPublisher(new PatternPublisher(GIB, digest), GIB))
                .build(), HttpResponse.BodyHandlers.ofString());
        peak.finish();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("bytes").asLong()).isEqualTo(GIB);
        assertThat(body.get("sha256").asText()).isEqualTo(HexFormat.of().formatHex(digest.digest()));
        assertThat(peak.max()).as("peak pooled direct memory").isLessThan(MEMORY_BOUND);
    }

    @Test
    void oneGibDownloadStreamsWithBoundedMemory() throws Exception {
        var peak = new MemoryPeak();
        peak.start();
        var response = gw.client().send(HttpRequest.newBuilder(gw.uri("/bytes/" + GIB)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long total = 0;
        boolean patternOk = true;
        try (InputStream in = response.body()) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i += 4099) { // spot-check the stream backend's pattern
                    patternOk &= buf[i] == (byte) ('!' + (total + i) % 94);
                }
                total += n;
            }
        }
        peak.finish();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(total).isEqualTo(GIB);
        assertThat(patternOk).isTrue();
        assertThat(peak.max()).as("peak pooled direct memory").isLessThan(MEMORY_BOUND);
    }

    @Test
    void http2DownloadStreamsWithBoundedMemory() throws Exception {
        HttpClient h2 = upgradedClient();
        var peak = new MemoryPeak();
        peak.start();
        var response = h2.send(HttpRequest.newBuilder(gw.uri("/bytes/" + HTTP2_BYTES)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long total = 0;
        try (InputStream in = response.body()) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
            }
        }
        peak.finish();
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(total).isEqualTo(HTTP2_BYTES);
        assertThat(peak.max()).as("peak pooled direct memory").isLessThan(MEMORY_BOUND);
    }

    @Test
    void http2UploadStreamsWithBoundedMemory() throws Exception {
        HttpClient h2 = upgradedClient();
        var digest = MessageDigest.getInstance("SHA-256");
        var peak = new MemoryPeak();
        peak.start();
        var response = h2.send(HttpRequest.newBuilder(gw.uri("/upload"))
                .POST(HttpRequest.BodyPublishers.fromPublisher(new PatternPublisher(HTTP2_BYTES, digest), HTTP2_BYTES))
                .build(), HttpResponse.BodyHandlers.ofString());
        peak.finish();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        var body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("bytes").asLong()).isEqualTo(HTTP2_BYTES);
        assertThat(body.get("sha256").asText()).isEqualTo(HexFormat.of().formatHex(digest.digest()));
        assertThat(peak.max()).as("peak pooled direct memory").isLessThan(MEMORY_BOUND);
    }

    /** A JDK client whose connection has been upgraded to h2c by a small first request. */
    private static HttpClient upgradedClient() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        var first = h2.send(HttpRequest.newBuilder(gw.uri("/bytes/1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
        return h2;
    }

    /** Samples the engine's pooled direct memory on a thread while a transfer runs. */
    private static final class MemoryPeak extends Thread {
        private final AtomicLong max = new AtomicLong();
        private volatile boolean running = true;

        MemoryPeak() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                max.accumulateAndGet(((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory(),
                        Math::max);
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            }
        }

        void finish() throws InterruptedException {
            running = false;
            join();
        }

        long max() {
            return max.get();
        }
    }
}
