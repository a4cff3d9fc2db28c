package dev.gatehouse.engine.listener;

import dev.gatehouse.engine.config.ListenerConfig;
import dev.gatehouse.engine.config.ListenerLimits;
import dev.gatehouse.engine.config.ListenerTlsConfig;
import dev.gatehouse.engine.http.CleartextHttp2;
import dev.gatehouse.engine.http.DownstreamConnection;
import dev.gatehouse.engine.http.Http1Limits;
import dev.gatehouse.engine.http.Http2Limits;
import dev.gatehouse.engine.http.Http2ServerPipeline;
import dev.gatehouse.engine.http.ProxyContext;
import dev.gatehouse.engine.http.StrictHttp1Pipeline;
import dev.gatehouse.engine.observe.GatewayMetrics.ListenerMetrics;
import io.netty.channel.ChannelPipeline;
import java.util.function.Supplier;

/**
 * Builds the protocol handlers of one accepted connection, after the guard and idle handlers.
 *
 * <p>Cleartext: the strict HTTP/1.1 front and the proxy handler, plus, when the listener allows
 * HTTP/2, the two ways to switch to it (prior knowledge and h2c upgrade; see {@link CleartextHttp2}).
 *
 * <p>TLS: {@value #TLS} (an {@code SslHandler}, or an {@code SniHandler} that turns into one when the
 * listener has several certificates), then {@link HandshakeCompletion}, which waits for the handshake
 * and appends either the HTTP/2 handlers ({@link Http2ServerPipeline}) when ALPN chose {@code h2}, or
 * the strict HTTP/1.1 front and the proxy handler. There is no h2c over TLS: ALPN is the only way to
 * HTTP/2 there, as RFC 9113 has it.
 */
final class DownstreamPipeline {
    /** Name of the TLS handler on a TLS listener, first after the guard and idle handlers. */
    static final String TLS = "tls";

    private DownstreamPipeline() {
    }

    /** @param tls the listener's TLS, or null for a cleartext listener */
    static void install(ChannelPipeline p, ListenerConfig config, ListenerTls tls, Supplier<ProxyContext> contexts,
                        ListenerMetrics metrics) {
        if (tls == null) {
            installHttp1(p, config, contexts, metrics);
            if (config.http2()) {
                CleartextHttp2.install(p, http2Limits(config.limits()), () -> streamHandler(config, contexts));
            }
            return;
        }
        // The handshake counts against the time a client has to send its request headers (slowloris).
        p.addLast(TLS, tls.newHandler(p.channel().alloc(), config.limits().requestHeadersTimeout().toMillis()));
        p.addLast(HandshakeCompletion.NAME, new HandshakeCompletion(tls.fallbackProtocol(), metrics, (pipeline, protocol) -> {
            if (protocol.equals(ListenerTlsConfig.H2)) {
                Http2ServerPipeline.install(pipeline, http2Limits(config.limits()), () -> streamHandler(config, contexts));
            } else {
                installHttp1(pipeline, config, contexts, metrics);
            }
        }));
    }

    private static void installHttp1(ChannelPipeline p, ListenerConfig config, Supplier<ProxyContext> contexts,
                                     ListenerMetrics metrics) {
        ListenerLimits limits = config.limits();
        StrictHttp1Pipeline.install(p,
                new Http1Limits(limits.maxRequestLineBytes(), limits.maxHeaderBytes(), limits.maxHeaders()),
                violation -> metrics.protocolError(violation.code()));
        p.addLast(DownstreamConnection.NAME, streamHandler(config, contexts));
    }

    private static Http2Limits http2Limits(ListenerLimits limits) {
        return Http2Limits.withHeaderListSize(limits.maxHeaderBytes());
    }

    /** The proxy handler of an HTTP/1.1 connection or of one HTTP/2 stream. */
    private static DownstreamConnection streamHandler(ListenerConfig config, Supplier<ProxyContext> contexts) {
        return new DownstreamConnection(contexts, config.limits().requestHeadersTimeout());
    }
}
