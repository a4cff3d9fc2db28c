package dev.gatehouse.engine.backends;

import dev.gatehouse.engine.config.BackendFaults;
import dev.gatehouse.engine.tls.CertifiedKey;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;

/**
 * One running demo backend: a small HTTP server of some {@link DemoBackendKind}, bound to an address,
 * that labs and tests proxy to. Start it with {@link #start}, stop it with {@link #closeAsync()} or
 * {@link #close()}.
 *
 * <p>It runs on an event loop group the caller owns and shares, so a dozen backends cost no threads of
 * their own; closing a backend leaves the group running. The group may be of any transport, given the
 * matching server channel type (NIO by default).
 *
 * <p>Every kind but {@code websocket} speaks HTTP/1.1 with keep-alive and also HTTP/2 over cleartext
 * when the client opens with the HTTP/2 preface (prior knowledge). Given a certificate, a backend speaks
 * TLS instead (1.2 and 1.3), and offers HTTP/2 by ALPN.
 */
public final class DemoBackend implements AutoCloseable {
    private final String name;
    private final DemoBackendKind kind;
    private final InetSocketAddress address;
    private final Channel serverChannel;
    private final PortRelease portRelease;
    private final ChannelGroup connections;
    private final EventLoopGroup group;

    private DemoBackend(String name, DemoBackendKind kind, Channel serverChannel, PortRelease portRelease,
                        ChannelGroup connections, EventLoopGroup group) {
        this.name = name;
        this.kind = kind;
        this.address = (InetSocketAddress) serverChannel.localAddress();
        this.serverChannel = serverChannel;
        this.portRelease = portRelease;
        this.connections = connections;
        this.group = group;
    }

    /**
     * Binds a backend and starts serving.
     *
     * @param name        shown in {@code x-backend} and in the responses that name their server
     * @param bindAddress port 0 picks a free port; {@link #address()} tells which
     * @param group       runs the listening socket and its connections; it must outlive the backend
     * @return completes once the socket is bound, or exceptionally with the bind failure (e.g. a
     *         {@link java.net.BindException}); it completes on an event loop thread, so stages chained
     *         on it must not block
     */
    public static CompletableFuture<DemoBackend> start(String name, DemoBackendKind kind,
                                                       InetSocketAddress bindAddress, EventLoopGroup group) {
        return start(name, kind, bindAddress, group, NioServerSocketChannel.class);
    }

    /**
     * Like {@link #start(String, DemoBackendKind, InetSocketAddress, EventLoopGroup)}, on a group of
     * another transport.
     *
     * @param serverChannelType the listening channel of the group's transport, e.g.
     *                          {@code EpollServerSocketChannel.class} for an epoll group
     */
    public static CompletableFuture<DemoBackend> start(String name, DemoBackendKind kind,
                                                       InetSocketAddress bindAddress, EventLoopGroup group,
                                                       Class<? extends ServerChannel> serverChannelType) {
        return start(name, kind, bindAddress, group, serverChannelType, null, BackendFaults.NONE);
    }

    /**
     * Like {@link #start(String, DemoBackendKind, InetSocketAddress, EventLoopGroup, Class)}, speaking TLS
     * with {@code certificate} when it is not null.
     *
     * @throws IllegalArgumentException if the JDK refuses the certificate
     */
    public static CompletableFuture<DemoBackend> start(String name, DemoBackendKind kind,
                                                       InetSocketAddress bindAddress, EventLoopGroup group,
                                                       Class<? extends ServerChannel> serverChannelType,
                                                       CertifiedKey certificate) {
        return start(name, kind, bindAddress, group, serverChannelType, certificate, BackendFaults.NONE);
    }

    /**
     * Like {@link #start(String, DemoBackendKind, InetSocketAddress, EventLoopGroup, Class, CertifiedKey)},
     * injecting {@code faults} (failures, latency) into the echo, web and stream kinds.
     */
    public static CompletableFuture<DemoBackend> start(String name, DemoBackendKind kind,
                                                       InetSocketAddress bindAddress, EventLoopGroup group,
                                                       Class<? extends ServerChannel> serverChannelType,
                                                       CertifiedKey certificate, BackendFaults faults) {
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(serverChannelType, "serverChannelType");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        var connections = new DefaultChannelGroup(name, group.next());
        var portRelease = new PortRelease();
        var bootstrap = new ServerBootstrap()
                .group(group)
                .channel(serverChannelType)
                // Lets a restarted backend take its port back while old connections sit in TIME_WAIT.
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(portRelease)
                .childHandler(new BackendChannelInitializer(name, kind, connections,
                        certificate == null ? null : tlsContext(certificate, kind), faults));
        var started = new CompletableFuture<DemoBackend>();
        bootstrap.bind(bindAddress).addListener((ChannelFuture bound) -> {
            if (bound.isSuccess()) {
                started.complete(new DemoBackend(name, kind, bound.channel(), portRelease, connections, group));
            } else {
                started.completeExceptionally(bound.cause());
            }
        });
        return started;
    }

    /** TLS 1.2+ with the certificate; ALPN offers HTTP/2 to kinds that speak it. */
    private static SslContext tlsContext(CertifiedKey certificate, DemoBackendKind kind) {
        List<String> alpn = kind instanceof DemoBackendKind.WebSocket ? List.of(ApplicationProtocolNames.HTTP_1_1)
                : List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);
        try {
            return SslContextBuilder.forServer(certificate.privateKey(), certificate.chain())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                            SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, alpn))
                    .build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot serve TLS with " + certificate + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public DemoBackendKind kind() {
        return kind;
    }

    /** The address actually bound, with the real port when 0 was asked for. */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Stops listening, which frees the port, then closes every open connection, as a crashed server
     * would. Calling it again is harmless.
     *
     * @return completes when the port is free and all connections are closed; never exceptionally
     */
    public CompletableFuture<Void> closeAsync() {
        serverChannel.close();
        var closed = new CompletableFuture<Void>();
        // Connections go after the listener, so none is accepted behind the sweep.
        portRelease.released().thenRun(() ->
                connections.close().addListener(dropped -> closed.complete(null)));
        return closed;
    }

    /**
     * {@link #closeAsync()} and waits for it.
     *
     * @throws IllegalStateException on one of the group's event loop threads, where waiting would
     *                               deadlock; use {@link #closeAsync()} there
     */
    @Override
    public void close() {
        for (EventExecutor loop : group) {
            if (loop.inEventLoop()) {
                throw new IllegalStateException("close() would block an event loop; use closeAsync()");
            }
        }
        closeAsync().join();
    }

    @Override
    public String toString() {
        return kind.kindName() + " backend '" + name + "' on " + address.getHostString() + ":" + address.getPort();
    }

    /** Open connections, for tests that look at one from the server's side. */
    ChannelGroup connections() {
        return connections;
    }
}
