package dev.gatehouse.engine.backends;

import dev.gatehouse.engine.config.BackendFaults;
import dev.gatehouse.engine.tls.HandshakeTasks;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;

/**
 * Builds the pipeline of every accepted connection of one backend: the protocol layer (HTTP/1.1, or
 * HTTP/2 streams each with its own pipeline) and above it the handlers of the backend's kind, which
 * all see plain {@code HttpObject}s whatever the protocol.
 */
final class BackendChannelInitializer extends ChannelInitializer<Channel> {
    /** Web and stream requests carry no body worth keeping; this only bounds a stray one. */
    private static final int SMALL_BODY_BYTES = 64 * 1024;

    private final String backendName;
    private final DemoBackendKind kind;
    private final ChannelGroup connections;
    private final BackendNameStamp nameStamp;
    private final PipelineEnd pipelineEnd;
    private final StreamPattern streamPattern;
    private final SslContext tls;
    private final TlsFailureCloser tlsFailureCloser;
    /** Null when the backend injects no faults. */
    private final FaultInjector faults;

    /**
     * @param tls    null for cleartext
     * @param faults what to inject; applies to the echo, web and stream kinds
     */
    BackendChannelInitializer(String backendName, DemoBackendKind kind, ChannelGroup connections, SslContext tls,
                              BackendFaults faults) {
        this.backendName = backendName;
        this.faults = faults.any() ? new FaultInjector(backendName, faults) : null;
        this.tls = tls;
        this.tlsFailureCloser = new TlsFailureCloser(backendName);
        this.kind = kind;
        this.connections = connections;
        this.nameStamp = new BackendNameStamp(backendName);
        this.pipelineEnd = new PipelineEnd(backendName);
        this.streamPattern = kind instanceof DemoBackendKind.Stream stream
                ? new StreamPattern(stream.chunkBytes())
                : null;
    }

    @Override
    protected void initChannel(Channel channel) {
        connections.add(channel);
        // Accepted just as the backend closed: closeAsync() may have swept the group before the add.
        if (!channel.parent().isOpen()) {
            channel.close();
            return;
        }
        if (tls != null) {
            // HTTP/2 still shows itself by its preface, after ALPN chose it.
            channel.pipeline().addLast(tls.newHandler(channel.alloc(), HandshakeTasks.executor()), tlsFailureCloser);
        }
        if (kind instanceof DemoBackendKind.WebSocket webSocket) {
            addWebSocket(channel.pipeline(), webSocket);
        } else {
            channel.pipeline().addLast(new PriorKnowledgeDetector(this::addHttp1, this::addHttp2));
        }
    }

    private void addHttp1(ChannelPipeline pipeline) {
        pipeline.addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler());
        addExchangeHandlers(pipeline);
    }

    private void addHttp2(ChannelPipeline pipeline) {
        pipeline.addLast(Http2FrameCodecBuilder.forServer().build(),
                new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel stream) {
                        stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
                        addExchangeHandlers(stream.pipeline());
                    }
                }),
                pipelineEnd);
    }

    private void addExchangeHandlers(ChannelPipeline pipeline) {
        pipeline.addLast(nameStamp);
        if (kind instanceof DemoBackendKind.Echo echo) {
            pipeline.addLast(new HttpObjectAggregator(echo.maxBodyBytes()));
            addFaults(pipeline);
            pipeline.addLast(new EchoHandler(backendName));
        } else if (kind instanceof DemoBackendKind.Web) {
            pipeline.addLast(new HttpObjectAggregator(SMALL_BODY_BYTES));
            addFaults(pipeline);
            pipeline.addLast(new WebPageHandler(backendName));
        } else if (kind instanceof DemoBackendKind.UserService) {
            pipeline.addLast(new HttpObjectAggregator(SMALL_BODY_BYTES));
            addFaults(pipeline);
            pipeline.addLast(new UserServiceHandler());
        } else if (kind instanceof DemoBackendKind.Sink) {
            pipeline.addLast(new HttpServerExpectContinueHandler(), new SinkHandler());
        } else if (kind instanceof DemoBackendKind.Stream stream) {
            // The chunked writer sits below the aggregator so the response body passes through it.
            pipeline.addLast(new ChunkedWriteHandler(), new HttpObjectAggregator(SMALL_BODY_BYTES));
            addFaults(pipeline);
            pipeline.addLast(new StreamHandler(streamPattern, stream.maxResponseBytes()));
        } else {
            throw new IllegalStateException("not an HTTP kind: " + kind);
        }
        pipeline.addLast(pipelineEnd);
    }

    private void addFaults(ChannelPipeline pipeline) {
        if (faults != null) {
            pipeline.addLast(faults);
        }
    }

    private void addWebSocket(ChannelPipeline pipeline, DemoBackendKind.WebSocket webSocket) {
        var protocol = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/")
                .checkStartsWith(true)
                .maxFramePayloadLength(webSocket.maxMessageBytes())
                .build();
        pipeline.addLast(new HttpServerCodec(), nameStamp, new HttpObjectAggregator(SMALL_BODY_BYTES),
                new WebSocketLanding(backendName), new WebSocketServerProtocolHandler(protocol),
                new WebSocketFrameAggregator(webSocket.maxMessageBytes()), new WebSocketEchoHandler(),
                pipelineEnd);
    }
}
