package dev.gatehouse.engine.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Last handler of a downstream HTTP/2 connection (its streams have their own pipelines). It drops the
 * connection frames the codec has already acted on (SETTINGS, PING, GOAWAY), closes the connection when
 * it idles with no stream open or once its draining listener's open streams have ended, and closes it on
 * an I/O failure; protocol errors are the codec's to answer.
 */
final class Http2ConnectionEnd extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            Http2FrameCodec codec = ctx.pipeline().get(Http2FrameCodec.class);
            if (codec == null || codec.connection().numActiveStreams() == 0) {
                ctx.close(); // the codec says goodbye with a GOAWAY
            }
            return;
        }
        if (evt == ListenerDraining.EVENT) {
            drain(ctx);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Closes now when no stream is open; else refuses new streams (GOAWAY) and closes after the last one. */
    private static void drain(ChannelHandlerContext ctx) {
        Http2FrameCodec codec = ctx.pipeline().get(Http2FrameCodec.class);
        if (codec == null || codec.connection().numActiveStreams() == 0) {
            ctx.close();
            return;
        }
        codec.connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                if (codec.connection().numActiveStreams() == 0) {
                    ctx.executor().execute(ctx::close); // not from inside the codec's stream bookkeeping
                }
            }
        });
        ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
