package dev.gatehouse.engine.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Netty's upgrade handler, restricted to what can switch safely: the connection's first request, offering
 * {@code h2c}, with no body or a small one of known length. Any later request could have a response still
 * owed ahead of it; a body must arrive whole before the switch (RFC 7540 §3.2), so it is buffered, and only
 * up to {@link #MAX_BUFFERED_BODY_BYTES}. Other requests are simply served over HTTP/1.1, which the upgrade
 * rules allow. When the first request is not a candidate the handler leaves the pipeline, so no later
 * request passes through it.
 */
final class H2cUpgradeHandler extends HttpServerUpgradeHandler {
    /** Largest request body held back for an upgrade: the size of a typical small POST. */
    static final int MAX_BUFFERED_BODY_BYTES = 64 * 1024;

    private boolean firstRequestSeen;
    private boolean candidate;

    H2cUpgradeHandler(SourceCodec http1, UpgradeCodecFactory h2c) {
        // The length check below keeps the aggregator from ever meeting a body over its limit.
        super(http1, h2c, MAX_BUFFERED_BODY_BYTES);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) throws Exception {
        boolean first = msg instanceof HttpRequest && !firstRequestSeen;
        super.decode(ctx, msg, out);
        if (first) {
            firstRequestSeen = true;
            if (!candidate) {
                ctx.pipeline().remove(this); // no upgrade on this connection: step out of every later request
            }
        }
    }

    /** Asked by the base class only for requests that carry an Upgrade header. */
    @Override
    protected boolean shouldHandleUpgradeRequest(HttpRequest request) {
        candidate = !firstRequestSeen && offersH2c(request) && !HttpUtil.isTransferEncodingChunked(request)
                && HttpUtil.getContentLength(request, 0L) <= MAX_BUFFERED_BODY_BYTES;
        return candidate;
    }

    private static boolean offersH2c(HttpRequest request) {
        for (String value : request.headers().getAll(HttpHeaderNames.UPGRADE)) {
            for (String token : value.split(",")) {
                if (AsciiString.contentEqualsIgnoreCase(token.trim(), Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME)) {
                    return true;
                }
            }
        }
        return false;
    }
}
