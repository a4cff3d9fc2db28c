package dev.gatehouse.engine.admin;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

/** Hands each aggregated admin request to {@link AdminApi} and writes its answer when it is ready. */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final AdminApi api;

    AdminHandler(AdminApi api) {
        this.api = api;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        var query = new QueryStringDecoder(request.uri());
        if (query.path().equals("/tap") && request.method().equals(HttpMethod.GET)) {
            TapStream.open(ctx, api.tap(), api.hostEvents(), query); // holds the connection until the client leaves
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        api.handle(request.retain()).whenComplete((response, error) -> {
            request.release();
            FullHttpResponse out = error == null ? response : AdminApi.error(500, "admin error: " + error);
            ctx.executor().execute(() -> write(ctx, out, keepAlive));
        });
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
