package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.PriorKnowledgeClient;
import dev.gatehouse.engine.testing.StubUpstream;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.upstream.Cluster;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clusters with {@code protocol: http2}: exchanges share one cleartext HTTP/2 connection per event loop
 * and endpoint, each on its own stream. One worker loop, so "per event loop" means one pool here.
 */
class Http2UpstreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway gw;
    private static EventLoopGroup upstreamLoop;
    private static ScriptedUpstream scripted;
    private static StubUpstream http1Only;

    @BeforeAll
    static void start() throws InterruptedException {
        upstreamLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        scripted = ScriptedUpstream.start(upstreamLoop);
        http1Only = new StubUpstream(200, "http1-only");
        gw = TestGateway.start("""
                engine: {workers: 1}
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - {name: download, match: {prefix: /bytes}, cluster: stream-h2}
                  - {name: scripted, match: {prefix: /scripted}, cluster: scripted, timeout: 1s}
                  - {name: limited, match: {prefix: /limited}, cluster: limited, timeout: 2s}
                  - {name: spill, match: {prefix: /spill}, cluster: spill, timeout: 500ms}
                  - {name: dead, match: {prefix: /dead}, cluster: dead-h2}
                  - {name: wrong-protocol, match: {prefix: /http1-only}, cluster: http1-only}
                  - {name: echo, match: {prefix: /}, cluster: echo-h2}
                clusters:
                  - {name: echo-h2, protocol: http2, endpoints: [{backend: echo}]}
                  - {name: stream-h2, protocol: http2, endpoints: [{backend: stream}]}
                  - {name: scripted, protocol: http2, endpoints: [{address: "127.0.0.1:%d"}]}
                  - {name: spill, protocol: http2, endpoints: [{address: "127.0.0.1:%d"}]}
                  - {name: dead-h2, protocol: http2, connect_timeout: 1s, endpoints: [{address: "127.0.0.1:%d"}]}
                  - {name: http1-only, protocol: http2, connect_timeout: 1s, endpoints: [{address: "%s"}]}
                  - name: limited
                    protocol: http2
                    endpoints: [{address: "127.0.0.1:%d"}]
                    pool: {max_connections: 1, max_pending_requests: 1}
                demo_backends:
                  - {name: echo, kind: echo}
                  - {name: stream, kind: stream}
                """.formatted(scripted.port(), scripted.port(), StubUpstream.deadPort(), http1Only.address(),
                        scripted.port()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        http1Only.close();
        upstreamLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void getAndPostTravelOverHttp2() throws Exception {
        var get = gw.get("/items?x=1", "x-custom", "abc");
        assertThat(get.statusCode()).isEqualTo(200);
        JsonNode echoed = JSON.readTree(get.body());
        assertThat(echoed.get("protocol").asText()).isEqualTo("HTTP/2");
        assertThat(echoed.get("method").asText()).isEqualTo("GET");
        assertThat(echoed.get("path").asText()).isEqualTo("/items");
        assertThat(echoed.at("/headers/x-custom").asText()).isEqualTo("abc");
        assertThat(echoed.at("/headers/host").asText()).isEqualTo("127.0.0.1:" + gw.port()); // sent as :authority
        assertThat(echoed.at("/headers/x-forwarded-for").asText()).isEqualTo("127.0.0.1");
        assertThat(get.headers().firstValue("x-backend")).hasValue("echo");
        assertThat(get.headers().map().keySet()).noneMatch(name -> name.startsWith("x-http2-"));

        var post = gw.send(java.net.http.HttpRequest.newBuilder(gw.uri("/items"))
                .POST(BodyPublishers.ofString("{\"a\":1}")).header("content-type", "application/json").build());
        assertThat(post.statusCode()).isEqualTo(200);
        JsonNode posted = JSON.readTree(post.body());
        assertThat(posted.get("protocol").asText()).isEqualTo("HTTP/2");
        assertThat(posted.get("body").asText()).isEqualTo("{\"a\":1}");
    }

    @Test
    void http2ClientsAreProxiedOverHttp2Too() throws Exception {
        try (var client = PriorKnowledgeClient.connect(upstreamLoop, new InetSocketAddress("127.0.0.1", gw.port()))) {
            var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/both-ways",
                    Unpooled.copiedBuffer("h2 to h2", StandardCharsets.UTF_8));
            var reply = client.exchange(request);
            assertThat(reply.status()).isEqualTo(200);
            JsonNode echoed = JSON.readTree(reply.text());
            assertThat(echoed.get("protocol").asText()).isEqualTo("HTTP/2");
            assertThat(echoed.get("body").asText()).isEqualTo("h2 to h2");
            assertThat(echoed.at("/headers/via").asText()).isEqualTo("2 gatehouse");
        }
    }

    @Test
    void concurrentRequestsShareOneConnection() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            responses.add(gw.client().sendAsync(java.net.http.HttpRequest.newBuilder(gw.uri("/concurrent/" + i))
                    .header("x-echo-delay-ms", "100").build(), BodyHandlers.ofString()));
        }
        Set<String> upstreamPorts = new HashSet<>();
        for (int i = 0; i < responses.size(); i++) {
            HttpResponse<String> response = responses.get(i).get(20, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode echoed = JSON.readTree(response.body());
            assertThat(echoed.get("path").asText()).isEqualTo("/concurrent/" + i);
            upstreamPorts.add(echoed.get("remote_address").asText());
        }
        assertThat(upstreamPorts).hasSize(1);
        Cluster.PoolStats pool = poolStats("echo-h2");
        assertThat(pool.idle()).as("connections open and idle").isEqualTo(1);
        assertThat(pool.active()).as("streams in use").isZero();
    }

    @Test
    void streamResetIs502WhileOtherStreamsSucceed() throws Exception {
        var slow = gw.client().sendAsync(java.net.http.HttpRequest.newBuilder(gw.uri("/slow"))
                .header("x-echo-delay-ms", "300").build(), BodyHandlers.ofString());

        var reset = gw.get("/reset", "x-echo-close", "1");
        assertThat(reset.statusCode()).isEqualTo(502);
        assertThat(reset.headers().firstValue(ResponseFlag.HEADER)).hasValue("UR");

        var survivor = slow.get(20, TimeUnit.SECONDS);
        assertThat(survivor.statusCode()).isEqualTo(200);
        var after = gw.get("/after");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(after.body()).get("remote_address").asText())
                .isEqualTo(JSON.readTree(survivor.body()).get("remote_address").asText());
    }

    @Test
    void largeBodiesFlowBothWays() throws Exception {
        String body = "z".repeat(900_000); // several stream windows up
        var post = gw.send(java.net.http.HttpRequest.newBuilder(gw.uri("/upload"))
                .POST(BodyPublishers.ofString(body)).build());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(post.body()).get("body").asText()).hasSize(body.length());

        int size = 10 << 20; // many windows down
        var download = gw.client().send(java.net.http.HttpRequest.newBuilder(gw.uri("/bytes/" + size)).build(),
                BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).hasSize(size);
        for (int i = 0; i < size; i += 4099) {
            assertThat(download.body()[i]).isEqualTo((byte) ('!' + i % 94));
        }
    }

    @Test
    void losingTheConnectionFailsEveryOpenStreamAndTheNextRequestReconnects() throws Exception {
        int before = scripted.connections.get();
        int hangingBefore = scripted.hanging.get();
        var hanging = gw.client().sendAsync(java.net.http.HttpRequest.newBuilder(gw.uri("/scripted/hang")).build(),
                BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(20)).until(() -> scripted.hanging.get() > hangingBefore); // its stream is open upstream
        var killer = gw.get("/scripted/die"); // the second stream of the same connection

        assertThat(killer.statusCode()).isEqualTo(502);
        assertThat(killer.headers().firstValue(ResponseFlag.HEADER)).hasValue("UR");
        assertThat(hanging.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(502);
        assertThat(hanging.get().headers().firstValue(ResponseFlag.HEADER)).hasValue("UR");
        assertThat(gw.get("/scripted/ok").statusCode()).isEqualTo(200);
        assertThat(scripted.connections.get()).isEqualTo(before + 2);
    }

    @Test
    void aFullConnectionMakesThePoolOpenAnother() throws Exception {
        int before = scripted.connections.get();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // the scripted upstream takes 2 streams per connection
            responses.add(gw.client().sendAsync(java.net.http.HttpRequest.newBuilder(gw.uri("/spill/hang")).build(),
                    BodyHandlers.ofString()));
        }
        for (var response : responses) {
            assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(504);
        }
        assertThat(scripted.connections.get()).isEqualTo(before + 2);
        assertThat(poolStats("spill").idle()).as("both connections survive the reset streams").isEqualTo(2);
    }

    @Test
    void unreachableEndpointIs503WithUF() {
        var response = gw.get("/dead");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue(ResponseFlag.HEADER)).hasValue("UF");
    }

    @Test
    void endpointThatDoesNotSpeakHttp2Is503WithUF() {
        var response = gw.get("/http1-only");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue(ResponseFlag.HEADER)).hasValue("UF");
    }

    @Test
    void streamLimitAndPendingQueueBoundTheRequestsInFlight() throws Exception {
        // The scripted upstream allows 2 streams; max_connections 1 and max_pending_requests 1 leave room
        // for 3 requests: once the third waits, a fourth overflows.
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(gw.client().sendAsync(java.net.http.HttpRequest.newBuilder(gw.uri("/limited/hang")).build(),
                    BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> poolStats("limited").waiting() == 1);
        var overflow = gw.get("/limited/hang");
        assertThat(overflow.statusCode()).isEqualTo(503);
        assertThat(overflow.headers().firstValue(ResponseFlag.HEADER)).hasValue("UO");
        for (var response : held) {
            assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(504);
            assertThat(response.join().headers().firstValue(ResponseFlag.HEADER)).hasValue("UT");
        }
    }

    private static Cluster.PoolStats poolStats(String cluster) {
        Cluster c = gw.cluster(cluster);
        return c.poolStats(c.endpoints().get(0));
    }

    /**
     * An HTTP/2 (prior knowledge) upstream that allows 2 streams per connection and answers by path:
     * {@code .../hang} never, {@code .../die} by closing the whole connection, anything else 200.
     */
    private static final class ScriptedUpstream {
        final AtomicInteger connections = new AtomicInteger();
        /** Requests to {@code /scripted/hang} received, so a test knows when that stream is open here. */
        final AtomicInteger hanging = new AtomicInteger();
        private Channel server;

        static ScriptedUpstream start(EventLoopGroup group) throws InterruptedException {
            var upstream = new ScriptedUpstream();
            upstream.server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            upstream.connections.incrementAndGet();
                            ch.pipeline().addLast(
                                    Http2FrameCodecBuilder.forServer()
                                            .initialSettings(new Http2Settings().maxConcurrentStreams(2)).build(),
                                    new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                                        @Override
                                        protected void initChannel(Http2StreamChannel stream) {
                                            stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                                                    new ScriptedAnswers(upstream.hanging));
                                        }
                                    }),
                                    new SimpleChannelInboundHandler<Object>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, Object frame) {
                                            // connection frames: already handled by the codec
                                        }
                                    });
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            return upstream;
        }

        int port() {
            return ((InetSocketAddress) server.localAddress()).getPort();
        }
    }

    private static final class ScriptedAnswers extends SimpleChannelInboundHandler<Object> {
        private final AtomicInteger hanging;

        ScriptedAnswers(AtomicInteger hanging) {
            this.hanging = hanging;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HttpRequest request)) {
                return;
            }
            if (request.uri().equals("/scripted/hang")) {
                hanging.incrementAndGet();
            }
            if (request.uri().endsWith("/die")) {
                ctx.channel().parent().close();
            } else if (!request.uri().endsWith("/hang")) {
                var ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII));
                ok.headers().setInt("content-length", 2);
                ctx.writeAndFlush(ok);
            }
        }
    }
}
