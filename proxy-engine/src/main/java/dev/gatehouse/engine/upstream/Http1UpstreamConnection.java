package dev.gatehouse.engine.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.Objects;

/**
 * One HTTP/1.1 connection to an endpoint: the last handler of the upstream pipeline. It forwards
 * what it reads to the exchange that leased it, and tells its pool when it dies or idles out.
 */
final class Http1UpstreamConnection extends ListenerForwarding implements UpstreamConnection {
    private final Http1EndpointPool pool;
    private Channel channel;

    Http1UpstreamConnection(Http1EndpointPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public Endpoint endpoint() {
        return pool.endpoint();
    }

    /** Hands the connection to an exchange; reads resume. */
    @Override
    public void lease(UpstreamListener newListener) {
        this.listener = Objects.requireNonNull(newListener, "listener");
        channel.config().setAutoRead(true);
    }

    /**
     * Gives the connection back. Reusable connections go idle in the pool; anything else (a response
     * not read to its end, a "Connection: close", an unsent request body) is closed.
     */
    @Override
    public void release(boolean reusable) {
        listener = null;
        pool.released(this, reusable && channel.isActive());
    }

    /** Takes the connection away from the pool for good (e.g. after a WebSocket upgrade). */
    @Override
    public void detach() {
        listener = null;
        pool.detached(this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener l = listener;
        if (l != null && msg instanceof HttpObject http) {
            l.upstreamRead(http);
        } else {
            // Bytes from an idle connection: the upstream is confused; never reuse it.
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        UpstreamListener l = listener;
        listener = null;
        pool.closed(this);
        if (l != null) {
            l.upstreamClosed(null);
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

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && listener == null) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }
}
