package dev.gatehouse.engine.backends;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The few response shapes demo backends write, complete with length. A HEAD request gets the headers
 * its GET would get and no body, whichever protocol carries it.
 */
final class Replies {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TEXT_UTF8 = "text/plain; charset=utf-8";
    static final String HTML_UTF8 = "text/html; charset=utf-8";

    private Replies() {
    }

    /** The document, compact, on one line. */
    static FullHttpResponse json(HttpRequest request, HttpResponseStatus status, JsonNode document) {
        try {
            byte[] body = (JSON.writeValueAsString(document) + "\n").getBytes(StandardCharsets.UTF_8);
            return of(request, status, HttpHeaderValues.APPLICATION_JSON, body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FullHttpResponse text(HttpRequest request, HttpResponseStatus status, String text) {
        return of(request, status, TEXT_UTF8, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** 405 naming the methods that would have worked. */
    static FullHttpResponse methodNotAllowed(HttpRequest request, String allow) {
        var response = text(request, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed, use " + allow);
        response.headers().set(HttpHeaderNames.ALLOW, allow);
        return response;
    }

    /** For a request Netty could not parse: answer 400 and drop the connection, whose framing is lost. */
    static void badRequestAndClose(ChannelHandlerContext ctx, HttpRequest request) {
        ctx.writeAndFlush(text(request, HttpResponseStatus.BAD_REQUEST, "malformed request"))
                .addListener(ChannelFutureListener.CLOSE);
    }

    static FullHttpResponse of(HttpRequest request, HttpResponseStatus status, CharSequence contentType,
                               byte[] body) {
        int code = status.code();
        // These statuses never carry a body; 204 does not even carry a length.
        boolean bodyless = code == 204 || code == 304;
        boolean sendBody = !bodyless && !HttpMethod.HEAD.equals(request.method());
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                sendBody ? Unpooled.wrappedBuffer(body) : Unpooled.EMPTY_BUFFER);
        if (code != 204) {
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bodyless ? 0 : body.length);
        }
        if (!bodyless) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        return response;
    }
}
