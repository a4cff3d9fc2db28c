package dev.gatehouse.engine.backends;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Looks at the first bytes of a connection: the HTTP/2 client preface means HTTP/2 with prior
 * knowledge, anything else HTTP/1. It installs the matching handlers, then leaves the pipeline and
 * hands them the bytes it has seen.
 */
final class PriorKnowledgeDetector extends ByteToMessageDecoder {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Consumer<ChannelPipeline> http1;
    private final Consumer<ChannelPipeline> http2;

    PriorKnowledgeDetector(Consumer<ChannelPipeline> http1, Consumer<ChannelPipeline> http2) {
        this.http1 = http1;
        this.http2 = http2;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int seen = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < seen; i++) {
            // Decide at the first difference: a short HTTP/1 request may never reach 24 bytes.
            if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                switchTo(ctx, http1);
                return;
            }
        }
        if (seen == PREFACE.length) {
            switchTo(ctx, http2);
        }
    }

    private void switchTo(ChannelHandlerContext ctx, Consumer<ChannelPipeline> protocol) {
        protocol.accept(ctx.pipeline());
        // Removal passes the bytes read so far on to the handlers just added.
        ctx.pipeline().remove(this);
    }
}
