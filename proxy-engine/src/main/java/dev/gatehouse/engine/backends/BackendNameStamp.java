package dev.gatehouse.engine.backends;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Puts {@code x-backend: <name>} on every response a backend writes, including the ones Netty's own
 * handlers write (413, 100 Continue), so a lab can always tell which instance answered.
 */
@ChannelHandler.Sharable
final class BackendNameStamp extends ChannelOutboundHandlerAdapter {
    static final String HEADER = "x-backend";

    private final String backendName;

    BackendNameStamp(String backendName) {
        this.backendName = backendName;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            response.headers().set(HEADER, backendName);
        }
        ctx.write(msg, promise);
    }
}
