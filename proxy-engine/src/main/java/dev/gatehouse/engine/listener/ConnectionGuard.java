package dev.gatehouse.engine.listener;

import dev.gatehouse.engine.observe.GatewayMetrics.ListenerMetrics;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * First handler of every accepted connection: enforces {@code max_connections} (as configured now,
 * so a config apply changes it without a rebind), keeps the
 * active-connection gauge, and registers the connection so a drain can find it.
 */
@Sharable
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    private final AtomicInteger open = new AtomicInteger();
    private final IntSupplier maxConnections;
    private final ListenerMetrics metrics;
    private final ChannelGroup connections;

    ConnectionGuard(IntSupplier maxConnections, ListenerMetrics metrics, ChannelGroup connections) {
        this.maxConnections = maxConnections;
        this.metrics = metrics;
        this.connections = connections;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (open.incrementAndGet() > maxConnections.getAsInt()) {
            open.decrementAndGet();
            metrics.connectionsRejected.inc();
            ctx.pipeline().remove(this);
            ctx.close();
            return;
        }
        metrics.connectionsAccepted.inc();
        metrics.connectionsActive.inc();
        connections.add(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.decrementAndGet();
        metrics.connectionsActive.dec();
        ctx.fireChannelInactive();
    }

    int openConnections() {
        return open.get();
    }
}
