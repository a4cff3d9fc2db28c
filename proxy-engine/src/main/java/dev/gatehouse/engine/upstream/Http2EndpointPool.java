package dev.gatehouse.engine.upstream;

import dev.gatehouse.engine.config.ClusterConfig.ConnectionPoolSettings;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/2 connections to one endpoint (cleartext with prior knowledge, or TLS with ALPN {@code h2}),
 * owned by one event loop and shared by
 * its exchanges: each lease is a stream. A connection carries as many streams at once as the endpoint's
 * {@code SETTINGS_MAX_CONCURRENT_STREAMS} allows, and another one is opened only when every open
 * connection is full, so a loop usually needs just one.
 *
 * <p>What the pool settings mean here: {@code max_connections} caps the connections per event loop and
 * endpoint, as for HTTP/1.1, so at most that many times the endpoint's stream limit requests are in flight;
 * {@code max_pending_requests} caps the requests waiting for a stream once every allowed connection is full.
 * A request waiting for a connection still being opened is not counted until that connection's stream
 * limit is known, as an HTTP/1.1 request waiting for its own new connection is not; then the newest
 * requests beyond the bound fail with {@link Failure#OVERFLOW}. {@code idle_timeout} closes a connection
 * that has carried no stream for that long.
 */
final class Http2EndpointPool extends LoopEndpointPool {
    /**
     * Streams a connection is expected to take while its SETTINGS are on the way, so that a burst of
     * requests does not open a connection each; RFC 9113 §6.5.2 recommends servers allow at least 100.
     */
    static final int EXPECTED_STREAMS = 100;

    private final Duration handshakeTimeout;
    private final Bootstrap bootstrap;
    /** Oldest first: new streams fill the oldest connection, so surplus ones fall idle and close. */
    private final List<Http2Session> sessions = new ArrayList<>();
    private boolean closed;

    /** @param tls null for cleartext */
    Http2EndpointPool(EventLoop loop, Endpoint endpoint, Transport transport, Duration connectTimeout,
                      ConnectionPoolSettings settings, UpstreamTls tls, CircuitBreaker breaker) {
        super(loop, endpoint, settings, tls, breaker);
        this.handshakeTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.bootstrap = connecting(loop, transport, connectTimeout);
    }

    /** Opens a stream on a connection with room, or queues until one has room; call on the pool's loop. */
    @Override
    public void acquire(LeaseCallback callback) {
        assert loop.inEventLoop();
        if (closed) {
            callback.failed(Failure.CLOSED, null);
            return;
        }
        if (withRoom() == null) {
            int starting = startingRoom();
            if (waiting.size() >= starting) { // the connections being opened are spoken for
                if (sessions.size() < settings.maxConnections() && breaker.connections().tryAcquireOr(sessions.isEmpty())) {
                    connect();
                } else if (waiting.size() - starting >= settings.maxPendingRequests()) {
                    callback.failed(Failure.OVERFLOW, null);
                    return;
                }
            }
        }
        if (!breaker.pending().tryAcquire()) {
            callback.failed(Failure.OVERFLOW, null);
            return;
        }
        waiting.addLast(callback);
        serveWaiters();
    }

    @Override
    public int idleCount() {
        int idle = 0;
        for (Http2Session s : sessions) {
            if (s.isReady() && s.streams() == 0) {
                idle++;
            }
        }
        return idle;
    }

    @Override
    public int leasedCount() {
        int streams = 0;
        for (Http2Session s : sessions) {
            streams += s.streams();
        }
        return streams;
    }

    @Override
    public int openCount() {
        return sessions.size();
    }

    @Override
    public void close() {
        closed = true;
        LeaseCallback w;
        while ((w = dequeueFirst()) != null) {
            w.failed(Failure.CLOSED, null);
        }
        for (Http2Session s : List.copyOf(sessions)) {
            s.closeWhenIdle();
        }
    }

    boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- told by the sessions

    /** The endpoint's SETTINGS arrived: the session takes streams now. */
    void sessionReady(Http2Session session) {
        serveWaiters();
        openMoreIfNeeded();
    }

    /** A stream ended or the endpoint raised its limit. */
    void sessionHasRoom(Http2Session session) {
        serveWaiters();
    }

    /** The endpoint sent GOAWAY: no new streams on that session. */
    void sessionGoingAway(Http2Session session) {
        serveWaiters();
        openMoreIfNeeded();
    }

    /**
     * A session closed; its streams fail on their own. If it never got ready (connect refused, no
     * SETTINGS in time) and nothing else could serve the queue, the queue fails with the same cause; no
     * new connection is tried for it, so a dead endpoint costs one attempt per request, not a storm.
     */
    void sessionClosed(Http2Session session, boolean wasReady, Throwable cause) {
        if (sessions.remove(session)) {
            breaker.connections().release();
        }
        if (!wasReady && sessions.isEmpty()) {
            LeaseCallback w;
            while ((w = dequeueFirst()) != null) {
                w.failed(Failure.CONNECT_FAILED, cause);
            }
            return;
        }
        serveWaiters();
        if (wasReady) {
            openMoreIfNeeded();
        }
    }

    // ---------------------------------------------------------------- helpers

    private void serveWaiters() {
        Http2Session session;
        while (!waiting.isEmpty() && (session = withRoom()) != null) {
            session.openStream(dequeueFirst());
        }
    }

    private void openMoreIfNeeded() {
        while (!closed && waiting.size() > startingRoom() && sessions.size() < settings.maxConnections()
                && breaker.connections().tryAcquireOr(sessions.isEmpty())) {
            connect();
        }
        if (startingRoom() == 0) {
            // Every allowed connection is open and full: now the queue is bounded as for HTTP/1.1.
            while (waiting.size() > settings.maxPendingRequests()) {
                LeaseCallback newest = waiting.pollLast();
                breaker.pending().release();
                newest.failed(Failure.OVERFLOW, null);
            }
        }
    }

    /** The oldest waiting request, its pending slot released; null when none waits. */
    private LeaseCallback dequeueFirst() {
        LeaseCallback first = waiting.pollFirst();
        if (first != null) {
            breaker.pending().release();
        }
        return first;
    }

    private Http2Session withRoom() {
        for (Http2Session s : sessions) {
            if (s.hasRoom()) {
                return s;
            }
        }
        return null;
    }

    private int startingRoom() {
        int room = 0;
        for (Http2Session s : sessions) {
            if (s.isStarting()) {
                room += EXPECTED_STREAMS;
            }
        }
        return room;
    }

    private void connect() {
        var session = new Http2Session(this, handshakeTimeout);
        sessions.add(session);
        long idleMillis = settings.idleTimeout().toMillis();
        bootstrap.clone()
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (idleMillis > 0) {
                            ch.pipeline().addLast(new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
                        }
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), endpoint, handshakeTimeout));
                        } else {
                            session.addTo(ch.pipeline());
                        }
                    }
                })
                .connect(endpoint.address())
                .addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        session.connectFailed(f.cause());
                    } else if (tls != null) {
                        startAfterHandshake(f.channel(), session);
                    }
                });
    }

    /** HTTP/2 starts once TLS is up and ALPN chose {@code h2}; the session then sends its preface. */
    private void startAfterHandshake(Channel channel, Http2Session session) {
        SslHandler handshake = channel.pipeline().get(SslHandler.class);
        handshake.handshakeFuture().addListener(h -> {
            if (!h.isSuccess()) {
                session.connectFailed(tls.handshakeFailed(endpoint, h.cause())); // the TLS handler closes the channel
            } else if (!UpstreamTls.H2.equals(handshake.applicationProtocol())) {
                session.connectFailed(UpstreamTls.noHttp2(handshake.applicationProtocol()));
                channel.close();
            } else {
                session.addTo(channel.pipeline());
                channel.flush();
            }
        });
    }
}
