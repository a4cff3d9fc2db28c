package dev.gatehouse.engine.backends;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Frame;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last in every backend pipeline. It drops HTTP/2 connection frames (settings, ping, GOAWAY), which
 * Netty has acted on already and which no handler here wants, and closes the channel on a failure no
 * handler took care of: demo clients reset connections on purpose, so neither is worth a warning.
 */
@ChannelHandler.Sharable
final class PipelineEnd extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PipelineEnd.class);

    private final String backendName;

    PipelineEnd(String backendName) {
        this.backendName = backendName;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2Frame) {
            ReferenceCountUtil.release(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("demo backend {}: closing {} after {}", backendName, ctx.channel(), cause.toString());
        ctx.close();
    }
}
