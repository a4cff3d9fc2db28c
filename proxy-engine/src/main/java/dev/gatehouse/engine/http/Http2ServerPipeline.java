package dev.gatehouse.engine.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The server side of a downstream HTTP/2 connection, however it came to speak HTTP/2: chosen by ALPN
 * during a TLS handshake, or over cleartext by prior knowledge or an h2c upgrade (see
 * {@link CleartextHttp2}). {@link #install} appends {@value #FRAME_CODEC} (with {@link Http2Limits} as
 * its SETTINGS), {@value #MULTIPLEXER} and {@value #CONNECTION_END}. Each stream gets a child channel
 * whose pipeline holds {@value #STREAM_CODEC}, which turns frames into the same
 * {@code HttpRequest}/{@code HttpContent} objects the HTTP/1 codec yields (the {@code :authority} becomes
 * {@code Host}), and a fresh stream handler named {@value DownstreamConnection#NAME}.
 */
public final class Http2ServerPipeline {
    /** Name of Netty's HTTP/2 frame codec. */
    public static final String FRAME_CODEC = "h2-frame-codec";
    /** Name of the handler that gives each stream its child channel. */
    public static final String MULTIPLEXER = "h2-multiplexer";
    /** Name of the last handler of an HTTP/2 connection. */
    public static final String CONNECTION_END = "h2-connection-end";
    /** Name of the frame/HTTP object codec in each stream's pipeline; the stream handler follows it. */
    public static final String STREAM_CODEC = "h2-stream-codec";

    private static final Http2StreamFrameToHttpObjectCodec SERVER_STREAM_CODEC =
            new Http2StreamFrameToHttpObjectCodec(true);

    private Http2ServerPipeline() {
    }

    /**
     * Appends the HTTP/2 handlers to a connection that speaks HTTP/2 from its next byte on.
     *
     * @param streamHandler makes the handler of each stream; it receives HTTP objects, so the same
     *                      {@link DownstreamConnection} that serves HTTP/1.1 serves a stream
     */
    public static void install(ChannelPipeline pipeline, Http2Limits limits, Supplier<? extends ChannelHandler> streamHandler) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(limits, "limits");
        pipeline.addLast(FRAME_CODEC, frameCodec(limits));
        addStreamHandling(pipeline, streams(streamHandler));
    }

    /** The initializer of each stream's pipeline; one per connection, shared by its streams. */
    static ChannelHandler streams(Supplier<? extends ChannelHandler> streamHandler) {
        return new StreamInitializer(Objects.requireNonNull(streamHandler, "streamHandler"));
    }

    static Http2FrameCodec frameCodec(Http2Limits limits) {
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(limits.settings())
                // We close a connection only when we mean now (idle, listener closing, drain time up):
                // GOAWAY, then close, instead of Netty's default of waiting up to 30 s for open streams.
                .gracefulShutdownTimeoutMillis(0)
                .build();
    }

    /** Appends what follows the frame codec: the multiplexer and the connection's last handler. */
    static void addStreamHandling(ChannelPipeline pipeline, ChannelHandler streams) {
        pipeline.addLast(MULTIPLEXER, new Http2MultiplexHandler(streams));
        pipeline.addLast(CONNECTION_END, new Http2ConnectionEnd());
    }

    /** Builds the pipeline of each stream of one connection. */
    private static final class StreamInitializer extends ChannelInitializer<Http2StreamChannel> {
        private final Supplier<? extends ChannelHandler> streamHandler;

        StreamInitializer(Supplier<? extends ChannelHandler> streamHandler) {
            this.streamHandler = streamHandler;
        }

        @Override
        protected void initChannel(Http2StreamChannel stream) {
            stream.pipeline().addLast(STREAM_CODEC, SERVER_STREAM_CODEC);
            stream.pipeline().addLast(DownstreamConnection.NAME, streamHandler.get());
        }
    }
}
