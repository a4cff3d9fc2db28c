package dev.gatehouse.engine.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerUpgradeHandler.UpgradeCodec;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.util.AsciiString;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Cleartext HTTP/2 beside the strict HTTP/1.1 front, for cleartext listeners with {@code http2: true}.
 * Every connection starts as HTTP/1.1: {@link StrictHttp1Pipeline} followed by the proxy handler
 * ({@value DownstreamConnection#NAME}). {@link #install} adds two ways out of it:
 * <ul>
 *   <li>{@value #PREFACE_DETECTOR}, first of all: a connection that opens with the HTTP/2 preface (prior
 *       knowledge) loses its HTTP/1 handlers before they see a byte;</li>
 *   <li>{@value #UPGRADE}, right after the validator: the connection's first request, once validated, if it
 *       has no body and offers {@code Upgrade: h2c}, is answered {@code 101}, the HTTP/1 handlers go, and
 *       the request itself is served as stream 1.</li>
 * </ul>
 * Either way the connection then runs the handlers of {@link Http2ServerPipeline}, as a TLS connection
 * that chose {@code h2} by ALPN does.
 */
public final class CleartextHttp2 {
    /** Name of the prior-knowledge detector, first in the pipeline until the first bytes arrive. */
    public static final String PREFACE_DETECTOR = "h2-preface-detector";
    /** Name of the h2c upgrade handler, after {@link StrictHttp1Pipeline#VALIDATOR}. */
    public static final String UPGRADE = "h2c-upgrade";

    private CleartextHttp2() {
    }

    /**
     * Adds the detector and the upgrade handler to a connection whose pipeline already holds the strict
     * HTTP/1 front and, last, the proxy handler named {@value DownstreamConnection#NAME}.
     *
     * @param streamHandler makes the handler of each stream; it receives HTTP objects, so the same
     *                      {@link DownstreamConnection} that serves HTTP/1.1 serves a stream
     */
    public static void install(ChannelPipeline pipeline, Http2Limits limits,
                               Supplier<? extends ChannelHandler> streamHandler) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(streamHandler, "streamHandler");
        ChannelHandler streams = Http2ServerPipeline.streams(streamHandler);
        pipeline.addBefore(StrictHttp1Pipeline.HEAD_GUARD, PREFACE_DETECTOR, new PriorKnowledgeDetector(p -> {
            leaveHttp1(p);
            p.remove(UPGRADE);
            p.addLast(Http2ServerPipeline.FRAME_CODEC, Http2ServerPipeline.frameCodec(limits));
            Http2ServerPipeline.addStreamHandling(p, streams);
        }));
        pipeline.addAfter(StrictHttp1Pipeline.VALIDATOR, UPGRADE, new H2cUpgradeHandler(
                ctx -> leaveHttp1(ctx.pipeline()),
                protocol -> upgradeCodec(protocol, limits, streams)));
    }

    private static UpgradeCodec upgradeCodec(CharSequence protocol, Http2Limits limits, ChannelHandler streams) {
        if (!AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)) {
            return null;
        }
        // The codec goes in first and the rest after it, before it starts delivering frames.
        return new Http2ServerUpgradeCodec(Http2ServerPipeline.FRAME_CODEC, Http2ServerPipeline.frameCodec(limits),
                new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Http2ServerPipeline.addStreamHandling(ch.pipeline(), streams);
                    }
                });
    }

    /** Removes every HTTP/1 handler but the upgrade handler, which removes itself after an upgrade. */
    private static void leaveHttp1(ChannelPipeline pipeline) {
        StrictHttp1Pipeline.uninstall(pipeline);
        if (pipeline.context(DownstreamConnection.NAME) != null) {
            pipeline.remove(DownstreamConnection.NAME);
        }
    }
}
