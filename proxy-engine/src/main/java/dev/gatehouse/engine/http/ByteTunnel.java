package dev.gatehouse.engine.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Relays raw bytes between two channels after an HTTP upgrade (WebSocket), with back-pressure: a
 * side stops reading while its peer cannot take more. Either side closing closes the other.
 */
final class ByteTunnel extends ChannelInboundHandlerAdapter {
    private static final String NAME = "gatehouse-tunnel";
    private final Channel peer;

    private ByteTunnel(Channel peer) {
        this.peer = peer;
    }

    /**
     * Strips the HTTP handlers from both pipelines and joins them. Bytes the HTTP decoders had
     * already buffered are handed on to the tunnel as the decoders are removed. What sits in front of
     * the HTTP handlers stays: TLS, which must go on encrypting, and the listener's connection guard,
     * which must see the connection close to count it.
     */
    static void join(Channel downstream, Channel upstream) {
        install(downstream, upstream);
        install(upstream, downstream);
    }

    private static void install(Channel channel, Channel peer) {
        ChannelPipeline p = channel.pipeline();
        List<String> http = httpHandlers(p);
        p.addLast(NAME, new ByteTunnel(peer));
        for (String name : http) {
            if (p.context(name) != null) {
                p.remove(name);
            }
        }
        channel.config().setAutoRead(true);
    }

    /** The names of the first HTTP handler and everything after it. */
    private static List<String> httpHandlers(ChannelPipeline p) {
        List<String> names = new ArrayList<>();
        boolean http = false;
        for (Map.Entry<String, ChannelHandler> entry : p) {
            ChannelHandler handler = entry.getValue();
            http |= entry.getKey().equals(StrictHttp1Pipeline.HEAD_GUARD) || handler instanceof HttpServerCodec
                    || handler instanceof Http1ClientCodec;
            if (http) {
                names.add(entry.getKey());
            }
        }
        return names;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        peer.writeAndFlush(msg);
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
            peer.pipeline().get(ByteTunnel.class).resumePeerWhenWritable = ctx.channel();
        }
    }

    private Channel resumePeerWhenWritable;

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && resumePeerWhenWritable != null) {
            resumePeerWhenWritable.config().setAutoRead(true);
            resumePeerWhenWritable = null;
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (peer.isActive()) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
