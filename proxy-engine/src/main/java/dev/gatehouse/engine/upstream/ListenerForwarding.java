package dev.gatehouse.engine.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The part every upstream handler shares (an HTTP/1.1 connection, an HTTP/2 stream): it holds the
 * exchange using it right now and passes read-batch ends and writability changes on to it.
 */
abstract class ListenerForwarding extends ChannelInboundHandlerAdapter {
    /** The exchange using this upstream now; null while idle. Event-loop confined. */
    protected UpstreamListener listener;

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        UpstreamListener l = listener;
        if (l != null) {
            l.upstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        UpstreamListener l = listener;
        if (l != null) {
            l.upstreamWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }
}
