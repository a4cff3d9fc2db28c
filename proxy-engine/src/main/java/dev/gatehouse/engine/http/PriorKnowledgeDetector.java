package dev.gatehouse.engine.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;
import java.util.function.Consumer;

/**
 * First in the pipeline of a connection that may speak HTTP/2 with prior knowledge: it compares the first
 * bytes with the client preface and leaves at the first byte that differs (HTTP/1.1, whose handlers are
 * already in place) or once the whole preface matched, after letting {@code toHttp2} rebuild the pipeline.
 * Either way the bytes it looked at go on to the handlers that follow.
 */
final class PriorKnowledgeDetector extends ByteToMessageDecoder {
    private static final byte[] PREFACE = ByteBufUtil.getBytes(Http2CodecUtil.connectionPrefaceBuf());

    private final Consumer<ChannelPipeline> toHttp2;

    PriorKnowledgeDetector(Consumer<ChannelPipeline> toHttp2) {
        this.toHttp2 = toHttp2;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int seen = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < seen; i++) {
            // Decide at the first difference: a short HTTP/1 request may never reach the preface's length.
            if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                ctx.pipeline().remove(this);
                return;
            }
        }
        if (seen == PREFACE.length) {
            toHttp2.accept(ctx.pipeline());
            // Removal hands the bytes read so far (preface included) to the HTTP/2 codec just added.
            ctx.pipeline().remove(this);
        }
    }
}
