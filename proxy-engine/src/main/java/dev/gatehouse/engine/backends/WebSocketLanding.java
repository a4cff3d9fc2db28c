package dev.gatehouse.engine.backends;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * In front of the {@code websocket} kind's handshake: a request that does not ask to upgrade gets
 * 426 Upgrade Required with a line saying what this is, instead of a bare handshake error.
 */
final class WebSocketLanding extends ChannelInboundHandlerAdapter {
    private final String backendName;

    WebSocketLanding(String backendName) {
        this.backendName = backendName;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)
                || request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            var response = Replies.text(request, HttpResponseStatus.UPGRADE_REQUIRED,
                    backendName + " is a WebSocket echo: connect with a WebSocket client to any path");
            response.headers()
                    .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            // No keep-alive bookkeeping on this pipeline, which turns into a WebSocket one.
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } finally {
            ReferenceCountUtil.release(request);
        }
    }
}
