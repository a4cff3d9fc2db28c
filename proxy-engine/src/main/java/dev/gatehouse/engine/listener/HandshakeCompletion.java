package dev.gatehouse.engine.listener;

import dev.gatehouse.engine.observe.GatewayMetrics.ListenerMetrics;
import dev.gatehouse.engine.tls.HandshakeFailure;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Follows the TLS handler of a new connection until its handshake is over. On success it counts the
 * handshake (TLS version, ALPN protocol), has the HTTP handlers of the protocol ALPN chose appended,
 * and leaves. On failure it counts the reason and closes the connection without logging: at an edge,
 * scanners and clients with old TLS stacks are routine, and a stack trace per attempt would bury
 * everything else (the metric {@code gatehouse_downstream_tls_handshake_failures_total} tells how
 * many and why).
 */
final class HandshakeCompletion extends ChannelInboundHandlerAdapter {
    /** Name of this handler, right after the TLS handler. */
    static final String NAME = "tls-handshake";

    private final String fallbackProtocol;
    private final ListenerMetrics metrics;
    private final BiConsumer<ChannelPipeline, String> httpInstaller;
    /** Decrypted bytes that arrive in the same read as the end of the handshake, kept for the HTTP handlers. */
    private final List<Object> early = new ArrayList<>(0);
    private boolean done;

    /**
     * @param fallbackProtocol what a client that does not use ALPN speaks
     * @param httpInstaller    appends the HTTP handlers for a protocol ({@code h2} or {@code http/1.1})
     */
    HandshakeCompletion(String fallbackProtocol, ListenerMetrics metrics,
                        BiConsumer<ChannelPipeline, String> httpInstaller) {
        this.fallbackProtocol = fallbackProtocol;
        this.metrics = metrics;
        this.httpInstaller = httpInstaller;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent completion) {
            if (completion.isSuccess()) {
                succeeded(ctx);
            } else {
                failed(ctx, completion.cause());
            }
            return;
        }
        if (evt instanceof IdleStateEvent) {
            ctx.close(); // idle before the handshake finished; the handshake timeout would come later
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ReferenceCountUtil.release(msg); // after a failure; the connection is closing
        } else {
            early.add(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // The TLS handler reports a failed handshake twice, as an event and as an exception; the event
        // is counted, the exception only ends the connection.
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        early.forEach(ReferenceCountUtil::release);
        early.clear();
    }

    private void succeeded(ChannelHandlerContext ctx) {
        done = true;
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        String protocol = tls.applicationProtocol() != null ? tls.applicationProtocol() : fallbackProtocol;
        metrics.tlsHandshake(tls.engine().getSession().getProtocol(), protocol);
        httpInstaller.accept(ctx.pipeline(), protocol); // appended after this handler
        List<Object> pending = List.copyOf(early);
        early.clear();
        for (Object msg : pending) {
            ctx.fireChannelRead(msg); // on to the HTTP handlers just added
        }
        if (!pending.isEmpty()) {
            ctx.fireChannelReadComplete();
        }
        ctx.pipeline().remove(this);
    }

    private void failed(ChannelHandlerContext ctx, Throwable cause) {
        done = true;
        metrics.tlsHandshakeFailure(HandshakeFailure.of(cause).reason());
        ctx.close();
    }
}
