package dev.gatehouse.engine.backends;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Tells when a closed listening socket has really let go of its port, which is later than its close
 * future says with NIO: the JDK closes a server socket still registered with a selector only when that
 * selector next runs, after Netty has deregistered the channel. So this waits for the deregistration,
 * then for the event loop's next I/O pass.
 */
final class PortRelease extends ChannelInboundHandlerAdapter {
    private final CompletableFuture<Void> released = new CompletableFuture<>();

    /** Completes once the port can be bound again. */
    CompletableFuture<Void> released() {
        return released;
    }

    @Override
    public void channelUnregistered(ChannelHandlerContext ctx) {
        try {
            // Scheduled rather than executed: the loop picks up scheduled tasks only after its next select,
            // and that select is what closes the socket.
            ctx.executor().schedule(() -> released.complete(null), 0, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException loopGone) {
            // The loop has stopped, and its selector closed every socket it held.
            released.complete(null);
        }
        ctx.fireChannelUnregistered();
    }
}
