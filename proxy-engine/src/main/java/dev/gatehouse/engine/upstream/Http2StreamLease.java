package dev.gatehouse.engine.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.Objects;

/**
 * One exchange's stream on a shared {@link Http2Session}: the last handler of the stream's child
 * channel, after the codec that turns frames into HTTP/1 objects (which it adds itself). It forwards the
 * response to the exchange as an HTTP/1.1 connection would, head first, then body parts. Releasing it
 * closes the stream, which resets it if it has not ended both ways; the connection stays.
 */
final class Http2StreamLease extends ListenerForwarding implements UpstreamConnection {
    private static final String CODEC = "h2-stream-codec";
    private static final Http2StreamFrameToHttpObjectCodec CLIENT_STREAM_CODEC =
            new Http2StreamFrameToHttpObjectCodec(false);

    private final Endpoint endpoint;
    private Channel channel;
    private Throwable resetCause;

    Http2StreamLease(Endpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void lease(UpstreamListener newListener) {
        this.listener = Objects.requireNonNull(newListener, "listener");
    }

    /** Ends the stream: a no-op once both sides ended it, otherwise RST_STREAM (CANCEL). */
    @Override
    public void release(boolean reusable) {
        listener = null;
        channel.close();
    }

    /** A stream cannot be kept for anything else (HTTP/2 has no upgrade); it is simply closed. */
    @Override
    public void detach() {
        release(false);
    }

    // ---------------------------------------------------------------- stream events

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.pipeline().addBefore(ctx.name(), CODEC, CLIENT_STREAM_CODEC);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener l = listener;
        if (l == null || !(msg instanceof HttpObject http)) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof FullHttpResponse whole) {
            deliverInParts(l, whole);
        } else {
            l.upstreamRead(http);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2ResetFrame reset) {
            Http2Error error = Http2Error.valueOf(reset.errorCode());
            resetCause = new IOException(endpoint.authority() + " reset the stream ("
                    + (error != null ? error : reset.errorCode()) + ")");
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Still leased: the stream ended before its response did (reset, or the connection was lost).
        UpstreamListener l = listener;
        listener = null;
        if (l != null) {
            l.upstreamClosed(resetCause);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        UpstreamListener l = listener;
        listener = null;
        if (l != null) {
            l.upstreamClosed(cause);
        }
        ctx.close();
    }

    // ---------------------------------------------------------------- helpers

    /**
     * A response that ended with its HEADERS frame arrives whole; the exchange expects an HTTP/1.1
     * connection's shape, head then body, and an informational response has no body at all.
     */
    private void deliverInParts(UpstreamListener l, FullHttpResponse whole) {
        HttpResponse head = new DefaultHttpResponse(whole.protocolVersion(), whole.status(), whole.headers());
        if (whole.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            whole.release();
            l.upstreamRead(head);
            return;
        }
        l.upstreamRead(head);
        var rest = new DefaultLastHttpContent(whole.content(), whole.trailingHeaders());
        if (listener == l) {
            l.upstreamRead(rest);
        } else {
            rest.release(); // the exchange let go on seeing the head (e.g. to retry a 503)
        }
    }
}
