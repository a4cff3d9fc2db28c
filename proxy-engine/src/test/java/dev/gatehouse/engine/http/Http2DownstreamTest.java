package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.PriorKnowledgeClient;
import dev.gatehouse.engine.testing.PriorKnowledgeClient.Reply;
import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.upstream.Endpoint;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients speaking cleartext HTTP/2 to a listener, by h2c upgrade (the JDK client) and by prior knowledge,
 * served by the same exchange as HTTP/1.1; and a listener with {@code http2: false} that stays HTTP/1.1.
 */
class Http2DownstreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway gw;
    private static EventLoopGroup clients;
    /** Promises 100 bytes, sends 7 and closes. */
    private static RawUpstream truncating;
    private static RawUpstream recording;

    @BeforeAll
    static void start() throws IOException {
        truncating = new RawUpstream("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
        recording = new RawUpstream("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        gw = TestGateway.start("""
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                  - {name: http1-only, address: 127.0.0.1:0, http2: false}
                virtual_hosts:
                  - {name: api, domains: [api.example]}
                  - {name: default, domains: ["*"]}
                routes:
                  - {name: api, virtual_host: api, match: {prefix: /}, direct_response: {status: 200, body: api vhost}}
                  - {name: download, match: {prefix: /bytes}, cluster: stream}
                  - {name: echo, match: {prefix: /echo}, cluster: echo}
                  - {name: truncated, match: {prefix: /truncated}, cluster: truncating}
                  - {name: recorded, match: {prefix: /recorded}, cluster: recording}
                clusters:
                  - {name: echo, endpoints: [{backend: echo}]}
                  - {name: truncating, endpoints: [{address: "127.0.0.1:%d"}]}
                  - {name: recording, endpoints: [{address: "127.0.0.1:%d"}]}
                  - {name: stream, endpoints: [{backend: stream}]}
                demo_backends:
                  - {name: echo, kind: echo}
                  - {name: stream, kind: stream}
                """.formatted(truncating.port(), recording.port()));
        clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() throws IOException {
        gw.close();
        truncating.close();
        recording.close();
        clients.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    // ---------------------------------------------------------------- h2c upgrade (JDK client)

    @Test
    void jdkClientUpgradesAndIsServedOverHttp2() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

        var get = h2.send(HttpRequest.newBuilder(gw.uri("/echo/upgraded?x=1")).header("x-custom", "abc").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.version()).isEqualTo(HttpClient.Version.HTTP_2);
        JsonNode echoed = JSON.readTree(get.body());
        assertThat(echoed.get("path").asText()).isEqualTo("/echo/upgraded");
        assertThat(echoed.at("/headers/x-custom").asText()).isEqualTo("abc");
        assertThat(echoed.at("/headers/host").asText()).isEqualTo("127.0.0.1:" + gw.port());
        assertThat(echoed.at("/headers/via").asText()).isEqualTo("2 gatehouse");
        // Neither the upgrade's own headers nor Netty's conversion headers travel on.
        assertThat(echoed.get("headers").fieldNames()).toIterable()
                .noneMatch(name -> name.startsWith("x-http2-") || name.equals("upgrade")
                        || name.equals("http2-settings") || name.equals("connection"));

        var post = h2.send(HttpRequest.newBuilder(gw.uri("/echo/items"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(JSON.readTree(post.body()).get("body").asText()).isEqualTo("{\"a\":1}");
    }

    @Test
    void upgradeRequestWithASmallBodyIsServedAsStreamOne() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

        var post = h2.send(HttpRequest.newBuilder(gw.uri("/echo/first"))
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(JSON.readTree(post.body()).get("body").asText()).isEqualTo("hello");
    }

    @Test
    void upgradeRequestWithALargeBodyIsServedOverHttp1() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        String body = "y".repeat(H2cUpgradeHandler.MAX_BUFFERED_BODY_BYTES + 1);

        var post = h2.send(HttpRequest.newBuilder(gw.uri("/echo/large"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(JSON.readTree(post.body()).get("body").asText()).isEqualTo(body);
    }

    @Test
    void onlyTheFirstRequestOfAConnectionMayUpgrade() throws Exception {
        try (var raw = new RawHttp(gw.port())) {
            raw.send("GET /echo/one HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(200);
            // A later offer could overtake a response still owed; it is ignored and answered over HTTP/1.1.
            raw.send("GET /echo/two HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n");
            var second = raw.readResponse();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.head()).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void upgradeIsAnsweredWith101() throws Exception {
        try (var raw = new RawHttp(gw.port())) {
            raw.send("GET /echo/up HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n");
            String head = raw.readHead();
            assertThat(head).startsWith("HTTP/1.1 101").containsIgnoringCase("upgrade: h2c");
        }
    }

    // ---------------------------------------------------------------- prior knowledge

    @Test
    void concurrentStreamsOnOneConnectionEachGetTheirOwnAnswer() throws Exception {
        try (var client = priorKnowledge("main")) {
            List<CompletableFuture<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                var request = request(HttpMethod.POST, "/echo/stream-" + i, "body of " + i);
                request.headers().set("x-echo-delay-ms", Integer.toString(20 * (20 - i))); // answers out of order
                replies.add(client.send(request));
            }
            for (int i = 0; i < 20; i++) {
                Reply reply = replies.get(i).get(20, TimeUnit.SECONDS);
                assertThat(reply.status()).isEqualTo(200);
                JsonNode echoed = JSON.readTree(reply.text());
                assertThat(echoed.get("path").asText()).isEqualTo("/echo/stream-" + i);
                assertThat(echoed.get("body").asText()).isEqualTo("body of " + i);
                assertThat(reply.headers().get("x-request-id")).isNotBlank();
                assertThat(reply.headers().names()).doesNotContain("connection", "transfer-encoding", "keep-alive");
            }
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void bodyLessRequestEndingInItsHeadersIsProxied() throws Exception {
        try (var client = priorKnowledge("main")) {
            Reply reply = client.exchange(request(HttpMethod.GET, "/echo/plain", ""));
            assertThat(reply.status()).isEqualTo(200);
            JsonNode echoed = JSON.readTree(reply.text());
            assertThat(echoed.get("method").asText()).isEqualTo("GET");
            assertThat(echoed.get("body").asText()).isEmpty();
            assertThat(echoed.at("/headers/transfer-encoding").isMissingNode()).isTrue();
        }
    }

    @Test
    void upstreamGetsAPlainHttp1RequestWithoutConversionHeaders() throws Exception {
        try (var client = priorKnowledge("main")) {
            var request = request(HttpMethod.POST, "/recorded/x?y=1", "abc");
            request.headers().set("host", "shop.example:8443").set("te", "trailers");
            assertThat(client.exchange(request).status()).isEqualTo(200);
        }
        String head = recording.lastHead().toLowerCase(java.util.Locale.ROOT);
        assertThat(head).startsWith("post /recorded/x?y=1 http/1.1\r\n")
                .contains("\r\nhost: shop.example:8443\r\n")
                .contains("\r\nvia: 2 gatehouse\r\n")
                .contains("\r\nte: trailers\r\n") // the one TE value that is passed on (gRPC)
                .doesNotContain("x-http2-", ":authority", ":path");
    }

    @Test
    void authorityIsTheHostThatRoutingSees() throws Exception {
        try (var client = priorKnowledge("main")) {
            var request = request(HttpMethod.GET, "/anything", "");
            request.headers().set("host", "api.example");
            Reply reply = client.exchange(request);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.text()).isEqualTo("api vhost");
        }
    }

    @Test
    void headerValueWithALineBreakIsRefusedAndNeverReachesAnUpstream() throws Exception {
        try (var client = priorKnowledge("main")) {
            var headers = new DefaultHttp2Headers(false) // our side does not check
                    .method("GET").path("/echo/smuggle").scheme("http").authority("127.0.0.1")
                    .add("x-evil", "v\r\nx-injected: 1");
            assertThatThrownBy(() -> client.sendHeaders(headers).get(20, TimeUnit.SECONDS))
                    .hasRootCauseMessage("stream reset: " + Http2Error.PROTOCOL_ERROR.code());
            assertThat(client.exchange(request(HttpMethod.GET, "/echo/after", "")).status()).isEqualTo(200);
        }
    }

    @Test
    void headerListOverTheListenersLimitIsAnswered431() throws Exception {
        try (var client = priorKnowledge("main")) {
            var request = request(HttpMethod.GET, "/echo/big-headers", "");
            request.headers().set("x-big", "b".repeat(70_000)); // max_header_bytes is 64 KiB
            Reply reply = client.exchange(request);
            assertThat(reply.status()).isEqualTo(431);
            assertThat(client.exchange(request(HttpMethod.GET, "/echo/after", "")).status()).isEqualTo(200);
        }
    }

    @Test
    void local404CarriesItsFlagAndLeavesOtherStreamsAlone() throws Exception {
        try (var client = priorKnowledge("main")) {
            var slow = request(HttpMethod.GET, "/echo/slow", "");
            slow.headers().set("x-echo-delay-ms", "300");
            CompletableFuture<Reply> inFlight = client.send(slow);

            Reply notFound = client.exchange(request(HttpMethod.GET, "/nowhere", ""));
            assertThat(notFound.status()).isEqualTo(404);
            assertThat(notFound.headers().get(ResponseFlag.HEADER)).isEqualTo("NR");
            assertThat(JSON.readTree(notFound.text()).get("error").asText()).contains("no route");

            assertThat(inFlight.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(client.exchange(request(HttpMethod.GET, "/echo/after", "")).status()).isEqualTo(200);
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void upstreamResetFailsOnlyThatStream() throws Exception {
        try (var client = priorKnowledge("main")) {
            var slow = request(HttpMethod.GET, "/echo/slow", "");
            slow.headers().set("x-echo-delay-ms", "300");
            CompletableFuture<Reply> inFlight = client.send(slow);

            var reset = request(HttpMethod.GET, "/echo/reset", "");
            reset.headers().set("x-echo-close", "1");
            Reply badGateway = client.exchange(reset);
            assertThat(badGateway.status()).isEqualTo(502);
            assertThat(badGateway.headers().get(ResponseFlag.HEADER)).isEqualTo("UR");

            assertThat(inFlight.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void responseCutShortResetsOnlyItsStream() throws Exception {
        try (var client = priorKnowledge("main")) {
            var slow = request(HttpMethod.GET, "/echo/slow", "");
            slow.headers().set("x-echo-delay-ms", "300");
            CompletableFuture<Reply> inFlight = client.send(slow);

            // Headers went out before the upstream died: the only honest signal left is a reset stream.
            assertThatThrownBy(() -> client.exchange(request(HttpMethod.GET, "/truncated", "")))
                    .hasRootCauseInstanceOf(IOException.class);

            assertThat(inFlight.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(client.exchange(request(HttpMethod.GET, "/echo/after", "")).status()).isEqualTo(200);
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void tenMegabyteDownloadRespectsFlowControl() throws Exception {
        int size = 10 << 20;
        try (var client = priorKnowledge("main")) {
            Reply reply = client.exchange(request(HttpMethod.GET, "/bytes/" + size, ""));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).hasSize(size);
            for (int i = 0; i < size; i += 4099) {
                assertThat(reply.body()[i]).isEqualTo((byte) ('!' + i % 94));
            }
        }
    }

    @Test
    void largeUploadIsStreamedToTheUpstream() throws Exception {
        String body = "x".repeat(900_000); // several stream windows: the client must wait for our updates
        try (var client = priorKnowledge("main")) {
            Reply reply = client.exchange(request(HttpMethod.POST, "/echo/upload", body));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(JSON.readTree(reply.text()).get("body").asText()).hasSize(body.length());
        }
    }

    @Test
    void clientResetOfOneStreamLeavesTheConnectionServing() throws Exception {
        try (var client = priorKnowledge("main")) {
            var slow = request(HttpMethod.GET, "/echo/slow", "");
            slow.headers().set("x-echo-delay-ms", "2000");
            Endpoint echo = gw.cluster("echo").endpoints().get(0);
            CompletableFuture<Reply> abandoned = client.send(slow);
            await().atMost(Duration.ofSeconds(20)).until(() -> echo.activeRequests() == 1); // proxied, not yet answered
            abandoned.cancel(true); // resets the stream
            assertThat(client.exchange(request(HttpMethod.GET, "/echo/next", "")).status()).isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------- http2: false

    @Test
    void http1OnlyListenerRefusesThePreface() throws Exception {
        try (var raw = new RawHttp(gw.port("http1-only"))) {
            raw.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
            var refused = raw.readResponse();
            // The strict HTTP/1 front reads the preface as a request for version 2.0.
            assertThat(refused.status()).isEqualTo(505);
            assertThat(refused.header(ResponseFlag.HEADER)).isEqualTo("DPE");
            assertThat(refused.header("connection")).isEqualTo("close");
            assertThat(raw.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void http1OnlyListenerIgnoresTheUpgradeOffer() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        var get = h2.send(HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + gw.port("http1-only") + "/echo/plain")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(JSON.readTree(get.body()).get("headers").fieldNames()).toIterable()
                .doesNotContain("upgrade", "http2-settings");
    }

    // ---------------------------------------------------------------- helpers

    /**
     * A bare-socket HTTP/1.1 upstream: it records each request head exactly as received, answers with
     * fixed bytes and closes.
     */
    private static final class RawUpstream implements AutoCloseable {
        private final ServerSocket server;
        private volatile String lastHead = "";

        RawUpstream(String answer) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            var acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        byte[] buf = new byte[65536];
                        int n = s.getInputStream().read(buf);
                        lastHead = n > 0 ? new String(buf, 0, n, StandardCharsets.ISO_8859_1) : "";
                        s.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                    } catch (IOException e) {
                        // closed by the test, or the gateway gave up first
                    }
                }
            }, "raw-upstream");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        String lastHead() {
            return lastHead;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static PriorKnowledgeClient priorKnowledge(String listener) throws InterruptedException {
        return PriorKnowledgeClient.connect(clients, new InetSocketAddress("127.0.0.1", gw.port(listener)));
    }

    private static FullHttpRequest request(HttpMethod method, String uri, String body) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }
}
