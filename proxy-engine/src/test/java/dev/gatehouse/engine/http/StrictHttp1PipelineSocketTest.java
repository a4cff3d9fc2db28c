package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The strict front on a real loopback socket, with a server that answers 200 to whatever reaches it. */
class StrictHttp1PipelineSocketTest {
    private static final AtomicInteger REQUESTS_SEEN = new AtomicInteger();
    private static EventLoopGroup group;
    private static Channel server;

    @BeforeAll
    static void startServer() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        StrictHttp1Pipeline.install(ch.pipeline(), Http1Limits.DEFAULTS, ProtocolViolationListener.NONE);
                        ch.pipeline().addAfter(StrictHttp1Pipeline.VALIDATOR, "ok", new AnswerOk());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        server.close().sync();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }

    @Test
    void validRequestIsAnswered() throws IOException {
        String response = exchange("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
    }

    @Test
    void smugglingAttemptGets400AndTheConnectionCloses() throws IOException {
        int before = REQUESTS_SEEN.get();

        String response = exchange("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 39\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: a\r\n\r\n");

        String requestId = header(response, "x-request-id");
        assertThat(requestId).matches(RefusedRequests.GENERATED_REQUEST_ID);
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n")
                .contains("x-gatehouse-flags: DPE\r\n", "connection: close\r\n")
                .endsWith(RefusedRequests.replyBody(ProtocolViolation.CONTENT_LENGTH_AND_TRANSFER_ENCODING, requestId));
        assertThat(REQUESTS_SEEN.get()).as("requests that reached the handler").isEqualTo(before);
    }

    /** Sends {@code raw} and reads until the server closes the connection. */
    private static String exchange(String raw) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(server.localAddress());
            socket.setSoTimeout(30_000); // only so a broken build fails instead of hanging
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            var received = new ByteArrayOutputStream();
            in.transferTo(received);
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String header(String response, String name) {
        Matcher field = Pattern.compile("\r\n" + name + ": ([^\r]*)\r\n").matcher(response);
        return field.find() ? field.group(1) : null;
    }

    /** Answers 200 and honours {@code connection: close} by closing after the response. */
    private static final class AnswerOk extends SimpleChannelInboundHandler<HttpObject> {
        private boolean closeAfterResponse;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest request) {
                REQUESTS_SEEN.incrementAndGet();
                closeAfterResponse = request.headers().contains("connection", "close", true);
            }
            if (msg instanceof LastHttpContent) {
                var written = ctx.writeAndFlush(RecordingProxy.ok());
                if (closeAfterResponse) {
                    written.addListener(ChannelFutureListener.CLOSE);
                }
            }
        }
    }
}
