package dev.gatehouse.engine.backends;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code sink} kind: consumes a request body of any size chunk by chunk, keeping only a byte count
 * and a running SHA-256, and answers {@code {"bytes":N,"sha256":"<hex>"}} once the body ends. Any
 * method, any path.
 */
final class SinkHandler extends SimpleChannelInboundHandler<HttpObject> {
    private final MessageDigest sha256;
    private HttpRequest request;
    private long bytes;

    SinkHandler() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg.decoderResult().isFailure()) {
            HttpRequest failed = msg instanceof HttpRequest start ? start : request;
            request = null;
            Replies.badRequestAndClose(ctx, failed);
            return;
        }
        // A full request (HTTP/2 HEADERS with END_STREAM) is a start, a content and an end at once.
        if (msg instanceof HttpRequest start) {
            request = start;
            bytes = 0;
            sha256.reset();
        }
        if (request == null) {
            return;
        }
        if (msg instanceof HttpContent content) {
            ByteBuf chunk = content.content();
            bytes += chunk.readableBytes();
            for (ByteBuffer piece : chunk.nioBuffers()) {
                sha256.update(piece);
            }
        }
        if (msg instanceof LastHttpContent) {
            var summary = Replies.JSON.createObjectNode()
                    .put("bytes", bytes)
                    .put("sha256", HexFormat.of().formatHex(sha256.digest()));
            ctx.writeAndFlush(Replies.json(request, HttpResponseStatus.OK, summary));
            request = null;
        }
    }
}
