package dev.gatehouse.engine.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 cleartext client that starts with the preface (prior knowledge), which the JDK client cannot
 * do. One connection; each request gets its own stream, so several can be in flight at once.
 */
public final class PriorKnowledgeClient implements AutoCloseable {
    private final Channel connection;

    private PriorKnowledgeClient(Channel connection) {
        this.connection = connection;
    }

    public static PriorKnowledgeClient connect(EventLoopGroup group, InetSocketAddress address)
            throws InterruptedException {
        var connection = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        // Ignores the server's header list limit, so tests can see the server enforce it.
                        channel.pipeline().addLast(Http2FrameCodecBuilder.forClient()
                                        .encoderIgnoreMaxHeaderListSize(true).build(),
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                                ConnectionEnd.INSTANCE);
                    }
                })
                .connect(address).sync().channel();
        return new PriorKnowledgeClient(connection);
    }

    /** Sends the request on a new stream and waits for the whole response; fails if the stream is reset. */
    public Reply exchange(FullHttpRequest request) throws Exception {
        return send(request).get(20, TimeUnit.SECONDS);
    }

    /**
     * Sends the request on a new stream; the reply completes with the whole response, or fails if the
     * stream is reset or closes without one. Cancelling the reply resets the stream. Host defaults to
     * 127.0.0.1.
     */
    public CompletableFuture<Reply> send(FullHttpRequest request) throws InterruptedException {
        request.headers().set(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), "http");
        if (!request.headers().contains("host")) {
            request.headers().set("host", "127.0.0.1");
        }
        return sendMessage(request);
    }

    /**
     * Sends exactly these headers as one HEADERS frame that ends the stream, unchecked on our side, for
     * requests a well-behaved client could not send.
     */
    public CompletableFuture<Reply> sendHeaders(Http2Headers headers) throws InterruptedException {
        return sendMessage(new DefaultHttp2HeadersFrame(headers, true));
    }

    private CompletableFuture<Reply> sendMessage(Object request) throws InterruptedException {
        var reply = new CompletableFuture<Reply>();
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection)
                .handler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel channel) {
                        channel.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false),
                                new HttpObjectAggregator(64 << 20), new ReplyHandler(reply));
                    }
                })
                .open().sync().getNow();
        stream.writeAndFlush(request);
        reply.whenComplete((r, failure) -> {
            if (reply.isCancelled()) {
                stream.close(); // RST_STREAM(CANCEL)
            }
        });
        return reply;
    }

    public boolean isOpen() {
        return connection.isActive();
    }

    @Override
    public void close() {
        connection.close().syncUninterruptibly();
    }

    /** A whole response as the client saw it. */
    public record Reply(int status, HttpHeaders headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final class ReplyHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final CompletableFuture<Reply> reply;

        ReplyHandler(CompletableFuture<Reply> reply) {
            this.reply = reply;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            reply.complete(new Reply(response.status().code(), response.headers().copy(),
                    ByteBufUtil.getBytes(response.content())));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Http2ResetFrame reset) {
                reply.completeExceptionally(new IOException("stream reset: " + reset.errorCode()));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            reply.completeExceptionally(new IOException("stream closed without a response"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            reply.completeExceptionally(cause);
            ctx.close();
        }
    }

    /** Drops the connection frames the codec has already handled, and closes on a failure. */
    @Sharable
    private static final class ConnectionEnd extends ChannelInboundHandlerAdapter {
        static final ConnectionEnd INSTANCE = new ConnectionEnd();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
