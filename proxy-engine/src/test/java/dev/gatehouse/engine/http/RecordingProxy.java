package dev.gatehouse.engine.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Stands in for the proxy handler: records what passed the strict front and answers 200 "ok" if asked to. */
final class RecordingProxy extends ChannelInboundHandlerAdapter {
    final List<HttpRequest> requests = new ArrayList<>();
    /** One entry per request, ISO-8859-1 so every byte maps to one char. */
    final List<StringBuilder> bodies = new ArrayList<>();
    final List<HttpHeaders> trailers = new ArrayList<>();
    final List<Object> events = new ArrayList<>();
    /** Results of the responses this proxy wrote. */
    final List<ChannelFuture> answers = new ArrayList<>();
    private final boolean answersRequests;
    private boolean answersViolations;
    private ChannelHandlerContext ctx;

    RecordingProxy(boolean answersRequests) {
        this.answersRequests = answersRequests;
    }

    /** Misbehaves: answers a request even after being told it was refused. */
    void answerViolations() {
        answersViolations = true;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            requests.add(request);
            bodies.add(new StringBuilder());
        }
        if (msg instanceof HttpContent content) {
            bodies.get(bodies.size() - 1).append(content.content().toString(StandardCharsets.ISO_8859_1));
            if (content instanceof LastHttpContent last) {
                trailers.add(last.trailingHeaders().copy());
                if (answersRequests) {
                    answer();
                }
            }
            content.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        events.add(evt);
        if (answersViolations && evt instanceof ProtocolViolation) {
            answer();
        }
    }

    /** Requests whose LastHttpContent arrived. */
    int completedRequests() {
        return trailers.size();
    }

    void answer() {
        answers.add(ctx.writeAndFlush(ok()));
    }

    static FullHttpResponse ok() {
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII));
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 2);
        return response;
    }
}
