package dev.gatehouse.engine.upstream;

import dev.gatehouse.engine.config.ClusterConfig.ConnectionPoolSettings;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * What the HTTP/1.1 and HTTP/2 pools share: the loop and endpoint they serve, their settings and the
 * cluster's breaker, the bounded queue of requests waiting for a lease, and how connections are
 * opened. Used from {@link #loop} only.
 */
abstract class LoopEndpointPool implements EndpointPool {
    protected final EventLoop loop;
    protected final Endpoint endpoint;
    protected final ConnectionPoolSettings settings;
    /** Null for cleartext. */
    protected final UpstreamTls tls;
    protected final CircuitBreaker breaker;
    protected final ArrayDeque<LeaseCallback> waiting = new ArrayDeque<>();

    LoopEndpointPool(EventLoop loop, Endpoint endpoint, ConnectionPoolSettings settings, UpstreamTls tls,
                     CircuitBreaker breaker) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tls = tls;
        this.breaker = Objects.requireNonNull(breaker, "breaker");
    }

    /** A client bootstrap on this pool's loop, without the protocol's handlers. */
    static Bootstrap connecting(EventLoop loop, Transport transport, Duration connectTimeout) {
        return new Bootstrap()
                .group(loop)
                .channel(transport.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true);
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    /** Drops a queued request whose exchange gave up (timeout, client gone). */
    @Override
    public void cancel(LeaseCallback callback) {
        if (waiting.remove(callback)) {
            breaker.pending().release();
        }
    }

    @Override
    public int waitingCount() {
        return waiting.size();
    }
}
