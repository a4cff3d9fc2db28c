package dev.gatehouse.engine.upstream;

import dev.gatehouse.engine.config.ClusterConfig.ConnectionPoolSettings;
import dev.gatehouse.engine.http.Http1ClientCodec;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive HTTP/1.1 connections to one endpoint, owned by one event loop: only that loop's
 * exchanges use it, so it needs no locks (as Envoy's per-worker pools). Connections beyond
 * {@code max_connections} are not opened; requests wait in a bounded queue instead. With TLS, a
 * connection is leased once its handshake is done.
 */
final class Http1EndpointPool extends LoopEndpointPool {
    private static final AttributeKey<Boolean> DETACHED = AttributeKey.valueOf("gatehouse.detached");

    private final Bootstrap bootstrap;
    /** A status line and 64 KiB of fields, as Netty's client codec allowed before. */
    private static final int MAX_RESPONSE_HEAD_BYTES = 8192 + 65536;
    private final ArrayDeque<Http1UpstreamConnection> idle = new ArrayDeque<>();
    private int open;
    private int leased;
    private boolean closed;

    /** @param tls null for cleartext */
    Http1EndpointPool(EventLoop loop, Endpoint endpoint, Transport transport, Duration connectTimeout,
                      ConnectionPoolSettings settings, UpstreamTls tls, CircuitBreaker breaker) {
        super(loop, endpoint, settings, tls, breaker);
        long idleMillis = settings.idleTimeout().toMillis();
        this.bootstrap = connecting(loop, transport, connectTimeout)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (idleMillis > 0) {
                            // Reader-idle only (no per-write listener); only idle pooled connections close.
                            ch.pipeline().addLast(new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
                        }
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), endpoint, connectTimeout));
                        }
                        ch.pipeline().addLast("codec", new Http1ClientCodec(MAX_RESPONSE_HEAD_BYTES));
                        ch.pipeline().addLast("upstream", new Http1UpstreamConnection(Http1EndpointPool.this));
                    }
                });
    }

    /** Leases an idle connection, opens a new one, or queues; must be called on the pool's loop. */
    @Override
    public void acquire(LeaseCallback callback) {
        assert loop.inEventLoop();
        if (closed) {
            callback.failed(Failure.CLOSED, null);
            return;
        }
        Http1UpstreamConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            if (connection.channel().isActive()) {
                leased++;
                callback.leased(connection);
                return;
            }
        }
        if (open < settings.maxConnections() && breaker.connections().tryAcquireOr(open == 0)) {
            connect(callback);
        } else if (waiting.size() < settings.maxPendingRequests() && breaker.pending().tryAcquire()) {
            waiting.addLast(callback);
        } else {
            callback.failed(Failure.OVERFLOW, null);
        }
    }

    @Override
    public int idleCount() {
        return idle.size();
    }

    @Override
    public int leasedCount() {
        return leased;
    }

    @Override
    public int openCount() {
        return open;
    }

    /** Closes idle connections now and the rest as they are released. */
    @Override
    public void close() {
        closed = true;
        for (Http1UpstreamConnection c : idle) {
            c.channel().close();
        }
        idle.clear();
        LeaseCallback w;
        while ((w = waiting.pollFirst()) != null) {
            breaker.pending().release();
            w.failed(Failure.CLOSED, null);
        }
    }

    private void connect(LeaseCallback callback) {
        open++;
        ChannelFuture future = bootstrap.connect(endpoint.address());
        future.addListener(f -> {
            if (!f.isSuccess()) {
                connectionGone();
                callback.failed(Failure.CONNECT_FAILED, f.cause());
                // Waiters would fail the same way; let them try their own connection.
                serveWaiter();
                return;
            }
            Channel channel = future.channel();
            SslHandler handshake = channel.pipeline().get(SslHandler.class);
            if (handshake == null) {
                handOver(channel, callback);
                return;
            }
            handshake.handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    handOver(channel, callback);
                } else {
                    // The TLS handler closes the channel; closed() does the counting.
                    callback.failed(Failure.CONNECT_FAILED, tls.handshakeFailed(endpoint, h.cause()));
                }
            });
        });
    }

    private void handOver(Channel channel, LeaseCallback callback) {
        var connection = (Http1UpstreamConnection) channel.pipeline().get("upstream");
        if (connection == null) { // closed between connecting and here
            callback.failed(Failure.CONNECT_FAILED, new IOException("connection to " + endpoint.authority()
                    + " closed as it opened"));
            return;
        }
        leased++;
        callback.leased(connection);
    }

    void released(Http1UpstreamConnection connection, boolean reusable) {
        leased--;
        if (!reusable || closed) {
            connection.channel().close();
            return;
        }
        connection.channel().config().setAutoRead(true); // notice a close while idle
        LeaseCallback next = waiting.pollFirst();
        if (next != null) {
            breaker.pending().release();
            leased++;
            next.leased(connection);
        } else {
            idle.addFirst(connection); // LIFO: warm connections first, cold ones idle out
        }
    }

    void detached(Http1UpstreamConnection connection) {
        connection.channel().attr(DETACHED).set(Boolean.TRUE);
        leased--;
        connectionGone();
        serveWaiter();
    }

    void closed(Http1UpstreamConnection connection) {
        if (idle.remove(connection)) {
            connectionGone();
        } else if (connection.channel().hasAttr(DETACHED)) {
            return;
        } else {
            connectionGone();
        }
        serveWaiter();
    }

    private void serveWaiter() {
        if (!closed && !waiting.isEmpty() && open < settings.maxConnections()
                && breaker.connections().tryAcquireOr(open == 0)) {
            breaker.pending().release();
            connect(waiting.pollFirst());
        }
    }

    private void connectionGone() {
        open--;
        breaker.connections().release();
    }

}
