package dev.gatehouse.engine.upstream;

import dev.gatehouse.engine.upstream.EndpointPool.LeaseCallback;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 connection to an endpoint, shared by the streams of many exchanges: the last handler of
 * the connection's pipeline, after Netty's frame codec and multiplexer. It is ready once the endpoint's
 * SETTINGS arrive (its stream limit is known then), counts the streams it carries against that limit,
 * stops taking new ones after a GOAWAY, and tells its {@link Http2EndpointPool} whenever any of that
 * changes. Each stream's own pipeline ends in an {@link Http2StreamLease}.
 */
final class Http2Session extends ChannelInboundHandlerAdapter {
    /** Response headers are bounded as for HTTP/1.1 upstreams. */
    private static final int MAX_RESPONSE_HEADER_BYTES = 65536;
    /** Response body a stream may receive before the exchange reads it; as our downstream window. */
    private static final int INITIAL_WINDOW_SIZE = 256 * 1024;
    /** Push is off, so the endpoint can open no stream; should one appear anyway, it is closed. */
    private static final ChannelHandler REFUSE_INBOUND_STREAM = new ChannelInitializer<Http2StreamChannel>() {
        @Override
        protected void initChannel(Http2StreamChannel stream) {
            stream.close();
        }
    };

    private final Http2EndpointPool pool;
    private final Duration handshakeTimeout;
    private Channel channel;
    private Http2FrameCodec codec;
    private ScheduledFuture<?> handshakeTimer;
    private boolean started;
    private boolean ready;
    private boolean goingAway;
    private boolean closed;
    private Throwable closeCause;
    private int streams;

    Http2Session(Http2EndpointPool pool, Duration handshakeTimeout) {
        this.pool = pool;
        this.handshakeTimeout = handshakeTimeout;
    }

    /** Appends the codec, the multiplexer and this session to a new connection's pipeline. */
    void addTo(ChannelPipeline pipeline) {
        codec = Http2FrameCodecBuilder.forClient()
                .initialSettings(new Http2Settings()
                        .pushEnabled(false)
                        .maxConcurrentStreams(0)
                        .initialWindowSize(INITIAL_WINDOW_SIZE)
                        .maxHeaderListSize(MAX_RESPONSE_HEADER_BYTES))
                // Closed only when idle or broken: GOAWAY, then close, without Netty's 30 s wait for streams.
                .gracefulShutdownTimeoutMillis(0)
                .build();
        // A reset stream stays active in the codec until its RST_STREAM is written, which with io_uring
        // completes after the stream channel has closed: room is offered again only once the codec agrees.
        codec.connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                if (ready && !closed) {
                    pool.sessionHasRoom(Http2Session.this);
                }
            }
        });
        pipeline.addLast(codec, new Http2MultiplexHandler(REFUSE_INBOUND_STREAM), this);
    }

    /** Connected, waiting for the endpoint's SETTINGS. */
    boolean isStarting() {
        return !ready && !closed;
    }

    boolean isReady() {
        return ready && !closed;
    }

    /** Streams open or being opened on this connection. */
    int streams() {
        return streams;
    }

    boolean hasRoom() {
        return ready && !goingAway && !closed && channel.isActive() && streams < streamLimit()
                && codec.connection().local().canOpenStream();
    }

    /** Opens a stream for an exchange; the callback gets its lease, or a failure if the connection is gone. */
    void openStream(LeaseCallback callback) {
        streams++;
        var lease = new Http2StreamLease(pool.endpoint());
        new Http2StreamChannelBootstrap(channel).handler(lease).open()
                .addListener((Future<Http2StreamChannel> f) -> opened(f, lease, callback));
    }

    /** Closes now if no stream is open, otherwise after the last one. */
    void closeWhenIdle() {
        goingAway = true;
        if (streams == 0 && channel != null) {
            channel.close();
        }
    }

    /** The TCP connect failed: the connection never became active. */
    void connectFailed(Throwable cause) {
        if (!closed) {
            closed = true;
            pool.sessionClosed(this, false, cause);
        }
    }

    // ---------------------------------------------------------------- connection events

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        if (channel.isActive()) {
            start(ctx); // added after a TLS handshake: the connection is already up
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    /** The connection is up: wait for the endpoint's SETTINGS, but not forever. */
    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        if (goingAway) {
            ctx.close(); // the pool closed while we were connecting
            return;
        }
        long nanos = handshakeTimeout.toNanos();
        if (nanos > 0) {
            handshakeTimer = ctx.executor().schedule(this::handshakeTimedOut, nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2SettingsFrame) {
                onSettings();
            } else if (msg instanceof Http2GoAwayFrame) {
                onGoAway();
            }
        } finally {
            ReferenceCountUtil.release(msg); // the codec has acted on every connection frame already
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (streams == 0) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        if (!closed) {
            closed = true;
            pool.sessionClosed(this, ready, closeCause);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Protocol errors are the codec's to answer; what arrives here is an I/O failure of the connection.
        closeCause = cause;
        ctx.close();
    }

    // ---------------------------------------------------------------- helpers

    private void onSettings() {
        if (!ready) {
            ready = true;
            if (handshakeTimer != null) {
                handshakeTimer.cancel(false);
            }
            pool.sessionReady(this);
        } else {
            pool.sessionHasRoom(this); // the stream limit may have changed
        }
    }

    private void onGoAway() {
        goingAway = true;
        if (streams == 0) {
            channel.close();
        } else {
            pool.sessionGoingAway(this);
        }
    }

    private void opened(Future<Http2StreamChannel> future, Http2StreamLease lease, LeaseCallback callback) {
        if (!future.isSuccess()) {
            streamClosed();
            callback.failed(EndpointPool.Failure.CONNECT_FAILED, future.cause());
            return;
        }
        Http2StreamChannel stream = future.getNow();
        // Exactly once per stream, however it ends: reset, ended both ways, or the connection lost.
        stream.closeFuture().addListener(f -> streamClosed());
        if (!stream.isActive()) {
            callback.failed(EndpointPool.Failure.CONNECT_FAILED, new IOException("connection to "
                    + pool.endpoint().authority() + " closed before the stream opened"));
            return;
        }
        callback.leased(lease);
    }

    private void streamClosed() {
        streams--;
        if (streams == 0 && (goingAway || pool.isClosed())) {
            channel.close();
        } else if (!closed) {
            pool.sessionHasRoom(this);
        }
    }

    private int streamLimit() {
        // Netty applies the endpoint's SETTINGS_MAX_CONCURRENT_STREAMS to the streams we may open.
        return codec.connection().local().maxActiveStreams();
    }

    private void handshakeTimedOut() {
        if (!ready && channel.isActive()) {
            closeCause = new IOException("no HTTP/2 SETTINGS from " + pool.endpoint().authority() + " within "
                    + handshakeTimeout.toMillis() + " ms; does it speak HTTP/2 with prior knowledge?");
            channel.close();
        }
    }
}
