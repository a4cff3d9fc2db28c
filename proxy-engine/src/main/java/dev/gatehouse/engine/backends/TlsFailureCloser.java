package dev.gatehouse.engine.backends;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right after a TLS backend's TLS handler, before the protocol is known: a failed handshake (a client
 * that does not trust the demo certificate, one speaking plain HTTP) closes the connection, without the
 * warning Netty would log, as {@link PipelineEnd} does for later failures. Labs provoke these on purpose.
 */
@ChannelHandler.Sharable
final class TlsFailureCloser extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TlsFailureCloser.class);

    private final String backendName;

    TlsFailureCloser(String backendName) {
        this.backendName = backendName;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("demo backend {}: TLS failure on {}: {}", backendName, ctx.channel(), cause.toString());
        ctx.close();
    }
}
