package dev.gatehouse.engine.http;

import dev.gatehouse.engine.http.DecoderProgress.Boundary;
import dev.gatehouse.engine.http.DecoderProgress.Framing;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Objects;

/**
 * Sits right after the HTTP codec and lets through only requests that cannot be read two ways: it applies
 * {@link RequestHeadRules} to each decoded head, names any failure the decoder reported, and takes
 * violations the {@link RequestHeadGuard} fires as user events.
 *
 * <p>On the first violation the connection is refused: reads stop, nothing more is passed on, the
 * violation is fired as a user event to the next handler (so it can abandon a request whose body broke
 * mid-way) and reported to the listener, and a JSON local reply with {@code connection: close} is written,
 * after which the connection closes. The reply waits for responses still owed to earlier pipelined
 * requests; if the broken request's own response has already begun, the connection is closed without one.
 * Responses written for the refused request or anything after it are dropped.
 */
final class Http1RequestValidator extends ChannelDuplexHandler {
    private final int maxHeaders;
    private final ProtocolViolationListener listener;
    private final DecoderProgress progress;
    private final OwedResponses owed = new OwedResponses();
    /** An admitted request whose body is still arriving. */
    private boolean requestOpen;
    private ProtocolViolation pendingReply;
    private int responsesBeforeReply;

    Http1RequestValidator(int maxHeaders, ProtocolViolationListener listener, DecoderProgress progress) {
        this.maxHeaders = maxHeaders;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (progress.rejected()) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof HttpRequest request) {
            onRequest(ctx, request);
        } else if (msg instanceof HttpContent content) {
            onContent(ctx, content);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ProtocolViolation violation) {
            reject(ctx, violation);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            // The codec gave up outside a DecoderResult, e.g. more pipelined requests than it tracks.
            reject(ctx, ProtocolViolation.MALFORMED_REQUEST);
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!progress.rejected()) {
            owed.onWrite(msg);
            ctx.write(msg, promise);
        } else if (!(msg instanceof HttpObject)) {
            ctx.write(msg, promise);
        } else if (responsesBeforeReply == 0) {
            // Meant for the refused request or a later one; the local reply answers instead.
            ReferenceCountUtil.release(msg);
            promise.setFailure(new ChannelException("connection refused a request and is closing"));
        } else {
            boolean completed = owed.onWrite(msg);
            ctx.write(msg, promise);
            if (completed && --responsesBeforeReply == 0) {
                sendReply(ctx, pendingReply);
            }
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
        ProtocolViolation violation = request.decoderResult().isSuccess()
                ? RequestHeadRules.check(request, maxHeaders)
                : RequestHeadRules.classifyFailure(request);
        if (violation == null && !progress.admit(Boundary.HEAD_END)) {
            violation = ProtocolViolation.MALFORMED_REQUEST; // decoded where the guard saw no head end
        }
        if (violation != null) {
            ReferenceCountUtil.release(request);
            reject(ctx, violation);
            return;
        }
        if (HttpUtil.isTransferEncodingChunked(request)) {
            progress.expectChunkedBody();
        } else {
            progress.expectFixedLengthBody(HttpUtil.getContentLength(request, 0L));
        }
        requestOpen = true;
        owed.requestAdmitted();
        ctx.fireChannelRead(request);
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        if (content.decoderResult().isFailure()) {
            // Netty reports bad chunk sizes, missing chunk CRLFs and bad chunk lines here.
            content.release();
            reject(ctx, ProtocolViolation.INVALID_CHUNKED_BODY);
            return;
        }
        if (content instanceof LastHttpContent) {
            if (progress.framing() != Framing.NO_BODY && !progress.admit(Boundary.BODY_END)) {
                content.release();
                reject(ctx, ProtocolViolation.MALFORMED_REQUEST); // body ended where the guard saw no end
                return;
            }
            requestOpen = false;
        }
        ctx.fireChannelRead(content);
    }

    private void reject(ChannelHandlerContext ctx, ProtocolViolation violation) {
        if (progress.rejected()) {
            return;
        }
        progress.reject();
        ctx.channel().config().setAutoRead(false);
        int before = owed.unanswered();
        boolean responseBegun = false;
        if (requestOpen) {
            // The broken request was passed on: it is the newest unanswered one, unless its response has begun.
            requestOpen = false;
            responseBegun = before == 0 || before == 1 && owed.responseOpen();
            before--;
        }
        responsesBeforeReply = responseBegun ? 0 : before;
        pendingReply = violation;
        ctx.fireUserEventTriggered(violation);
        listener.onViolation(violation);
        if (responseBegun) {
            ctx.close(); // a second response cannot follow a begun one
        } else if (responsesBeforeReply == 0) {
            sendReply(ctx, violation);
        }
    }

    private static void sendReply(ChannelHandlerContext ctx, ProtocolViolation violation) {
        // A new id: an x-request-id in a head that was refused is not worth keeping.
        FullHttpResponse reply = LocalReply.json(ctx.alloc(), violation.status(), violation.message(),
                RequestIds.create(), ResponseFlag.DOWNSTREAM_PROTOCOL_ERROR);
        reply.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }
}
