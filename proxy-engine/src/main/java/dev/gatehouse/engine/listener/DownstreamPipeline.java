package dev.gatehouse.engine.listener;

import dev.gatehouse.engine.config.ListenerConfig;
import dev.gatehouse.engine.http.DownstreamConnection;
import dev.gatehouse.engine.http.ProxyContext;
import dev.gatehouse.engine.observe.GatewayMetrics.ListenerMetrics;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.function.Supplier;

/** Builds the HTTP handlers of one accepted connection, after the guard and idle handlers. */
final class DownstreamPipeline {
    private DownstreamPipeline() {
    }

    static void install(ChannelPipeline p, ListenerConfig config, Supplier<ProxyContext> contexts,
                        ListenerMetrics metrics) {
        var limits = config.limits();
        p.addLast("http", new HttpServerCodec(limits.maxRequestLineBytes(), limits.maxHeaderBytes(), 65536));
        p.addLast(DownstreamConnection.NAME, new DownstreamConnection(contexts, limits.requestHeadersTimeout()));
    }
}
