package dev.gatehouse.engine.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Objects;

/**
 * A response the gateway writes itself: a small JSON document that says what happened and which
 * request it was, plus the response-flag header. Every local reply goes through here so they all
 * look alike.
 */
public final class LocalReply {
    private LocalReply() {
    }

    /**
     * Builds {@code {"status":503,"error":"...","request_id":"..."}} with {@link ResponseFlag#HEADER}.
     *
     * @param requestId also sent as {@code x-request-id}; a request refused before it had one (a parse
     *                  error, headers too slow) is given a new one
     */
    public static FullHttpResponse json(ByteBufAllocator alloc, HttpResponseStatus status, String error,
                                        String requestId, ResponseFlag flag) {
        Objects.requireNonNull(requestId, "requestId");
        StringBuilder json = new StringBuilder(96)
                .append("{\"status\":").append(status.code())
                .append(",\"error\":\"").append(escape(error)).append('"')
                .append(",\"request_id\":\"").append(escape(requestId)).append("\"}\n");
        var body = ByteBufUtil.writeUtf8(alloc, json);
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (flag != null) {
            response.headers().set(ResponseFlag.HEADER, flag.code());
        }
        response.headers().set("x-request-id", requestId);
        return response;
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
