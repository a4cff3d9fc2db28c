package dev.gatehouse.engine.backends;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * The {@code stream} kind: {@code GET /bytes/N} answers exactly N bytes of {@link StreamPattern}, with a
 * {@code content-length}, written at the client's pace (see {@link PatternBody}).
 */
final class StreamHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String PATH_PREFIX = "/bytes/";

    private final StreamPattern pattern;
    private final long maxResponseBytes;

    StreamHandler(StreamPattern pattern, long maxResponseBytes) {
        this.pattern = pattern;
        this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Replies.badRequestAndClose(ctx, request);
            return;
        }
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            ctx.writeAndFlush(Replies.methodNotAllowed(request, WebPageHandler.ALLOW));
            return;
        }
        String path = new QueryStringDecoder(request.uri()).rawPath();
        long length = requestedLength(path);
        if (length < 0) {
            ctx.writeAndFlush(Replies.text(request, HttpResponseStatus.NOT_FOUND,
                    "no such path; ask for GET " + PATH_PREFIX + "{count}, e.g. " + PATH_PREFIX + "1048576"));
            return;
        }
        if (length > maxResponseBytes) {
            ctx.writeAndFlush(Replies.text(request, HttpResponseStatus.BAD_REQUEST,
                    "this backend streams at most " + maxResponseBytes + " bytes"));
            return;
        }
        var response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM)
                .set(HttpHeaderNames.CONTENT_LENGTH, length);
        ctx.write(response);
        if (HttpMethod.HEAD.equals(request.method())) {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
            ctx.writeAndFlush(new HttpChunkedInput(new PatternBody(pattern, length)));
        }
    }

    /** N from {@code /bytes/N}, or -1 when the path is anything else (or N does not fit a long). */
    private static long requestedLength(String path) {
        if (!path.startsWith(PATH_PREFIX) || path.length() == PATH_PREFIX.length()) {
            return -1;
        }
        String digits = path.substring(PATH_PREFIX.length());
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooLong) {
            return -1;
        }
    }
}
