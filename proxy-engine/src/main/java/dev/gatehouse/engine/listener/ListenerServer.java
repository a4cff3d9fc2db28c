package dev.gatehouse.engine.listener;

import dev.gatehouse.engine.config.ListenerConfig;
import dev.gatehouse.engine.config.ListenerLimits;
import dev.gatehouse.engine.http.DownstreamConnection;
import dev.gatehouse.engine.http.ListenerDraining;
import dev.gatehouse.engine.http.ProxyContext;
import dev.gatehouse.engine.observe.GatewayMetrics.ListenerMetrics;
import dev.gatehouse.engine.upstream.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bound downstream socket. Its config snapshot is swappable: a config apply that keeps the address
 * keeps the socket and its connections, and only the next requests see the new routes (and the next
 * connections the new TLS settings).
 */
public final class ListenerServer {
    private final String name;
    private final InetSocketAddress requested;
    private final AtomicReference<ListenerSnapshot> snapshot;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ListenerMetrics metrics;
    private Channel serverChannel;

    /**
     * What a listener serves with right now: its config, the exchange context built from it, and its
     * TLS certificates (null for cleartext).
     */
    public record ListenerSnapshot(ListenerConfig config, ProxyContext context, ListenerTls tls) {
        public ListenerSnapshot {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(context, "context");
            if ((config.tls() == null) != (tls == null)) {
                throw new IllegalArgumentException("listener '" + config.name() + "': TLS certificates are needed "
                        + "exactly when the config has tls");
            }
        }
    }

    public ListenerServer(ListenerSnapshot initial, ListenerMetrics metrics) {
        this.name = initial.config().name();
        this.requested = initial.config().address().toSocketAddress();
        this.snapshot = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Binds the socket; throws if the address is taken. Blocks the caller (never an event loop). */
    public void bind(EventLoopGroup boss, EventLoopGroup workers, Transport transport) throws InterruptedException {
        var guard = new ConnectionGuard(() -> snapshot.get().config().limits().maxConnections(), metrics, connections);
        var bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initConnection(ch, guard);
                    }
                });
        var future = bootstrap.bind(requested).sync();
        serverChannel = future.channel();
    }

    private void initConnection(SocketChannel ch, ConnectionGuard guard) {
        ListenerSnapshot current = snapshot.get();
        ListenerLimits limits = current.config().limits();
        var p = ch.pipeline();
        p.addLast("guard", guard);
        Duration idle = limits.idleTimeout();
        if (!idle.isZero()) {
            // Reader-idle only: an all-idle handler adds a listener to every write. A connection in the
            // middle of a response is never closed for idleness (DownstreamConnection checks).
            p.addLast("idle", new IdleStateHandler(idle.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        }
        DownstreamPipeline.install(p, current.config(), current.tls(), this::context, metrics);
    }

    private ProxyContext context() {
        return snapshot.get().context();
    }

    public String name() {
        return name;
    }

    public ListenerConfig config() {
        return snapshot.get().config();
    }

    /** The TLS certificates new connections get; null on a cleartext listener. */
    public ListenerTls tls() {
        return snapshot.get().tls();
    }

    public ListenerMetrics metrics() {
        return metrics;
    }

    /** The address actually bound (port 0 in config becomes a real port). */
    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public int openConnections() {
        return connections.size();
    }

    public void update(ListenerSnapshot next) {
        snapshot.set(Objects.requireNonNull(next, "next"));
    }

    /**
     * Stops accepting, closes idle connections, lets busy ones finish their current request
     * (responses then carry {@code Connection: close}), and closes whatever is left after
     * {@code drainTime}.
     *
     * @return completes once the last connection has closed, at the latest after {@code drainTime}
     */
    public Future<Void> drain(Duration drainTime) {
        ListenerSnapshot last = snapshot.get();
        snapshot.set(new ListenerSnapshot(last.config(), last.context().draining(), last.tls()));
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        // Idle connections close now; busy ones after their current response (or at drainTime).
        connections.forEach(ch -> ch.pipeline().fireUserEventTriggered(ListenerDraining.EVENT));
        var done = GlobalEventExecutor.INSTANCE.schedule(() -> connections.close(), drainTime.toMillis(),
                TimeUnit.MILLISECONDS);
        ChannelGroupFuture allClosed = connections.newCloseFuture();
        allClosed.addListener(f -> done.cancel(false));
        return allClosed;
    }

    /** Closes the socket and every connection now. */
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        connections.close().awaitUninterruptibly();
    }

}
