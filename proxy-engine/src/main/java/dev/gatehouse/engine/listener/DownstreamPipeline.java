package dev.gatehouse.engine.listener;

import dev.gatehouse.engine.config.ListenerConfig;
import dev.gatehouse.engine.http.CleartextHttp2;
import dev.gatehouse.engine.http.DownstreamConnection;
import dev.gatehouse.engine.http.Http1Limits;
import dev.gatehouse.engine.http.Http2Limits;
import dev.gatehouse.engine.http.StrictHttp1Pipeline;
import dev.gatehouse.engine.http.ProxyContext;
import dev.gatehouse.engine.observe.GatewayMetrics.ListenerMetrics;
import io.netty.channel.ChannelPipeline;

import java.util.function.Supplier;

/**
 * Builds the HTTP handlers of one accepted connection, after the guard and idle handlers: the strict
 * HTTP/1.1 front and the proxy handler, plus, when the listener allows HTTP/2, the two ways to switch to
 * it (prior knowledge and h2c upgrade; see {@link CleartextHttp2}).
 */
final class DownstreamPipeline {
    private DownstreamPipeline() {
    }

    static void install(ChannelPipeline p, ListenerConfig config, Supplier<ProxyContext> contexts,
                        ListenerMetrics metrics) {
        var limits = config.limits();
        StrictHttp1Pipeline.install(p,
                new Http1Limits(limits.maxRequestLineBytes(), limits.maxHeaderBytes(), limits.maxHeaders()),
                violation -> metrics.protocolError(violation.code()));
        p.addLast(DownstreamConnection.NAME, new DownstreamConnection(contexts, limits.requestHeadersTimeout()));
        if (config.http2()) {
            CleartextHttp2.install(p, Http2Limits.withHeaderListSize(limits.maxHeaderBytes()),
                    () -> new DownstreamConnection(contexts, limits.requestHeadersTimeout()));
        }
    }
}
