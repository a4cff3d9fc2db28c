package dev.gatehouse.engine.backends;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One real demo backend on 127.0.0.1, an ephemeral port and its own one-thread NIO group, per test class. */
final class BackendExtension implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private final DemoBackendKind kind;
    private EventLoopGroup group;
    private DemoBackend backend;

    BackendExtension(String name, DemoBackendKind kind) {
        this.name = name;
        this.kind = kind;
    }

    /** 127.0.0.1, port 0: the URIs below assume IPv4 loopback whatever the JVM prefers. */
    static InetSocketAddress anyLoopbackPort() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    /**
     * An ephemeral port on a random address of 127/8 that no other socket on the machine uses: tests
     * that close a port and bind it again cannot then lose it to some other process's connection.
     */
    static InetSocketAddress privateLoopbackPort() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        return new InetSocketAddress("127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "."
                + random.nextInt(1, 255), 0);
    }

    static EventLoopGroup newGroup() {
        return new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        group = newGroup();
        backend = DemoBackend.start(name, kind, anyLoopbackPort(), group).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (backend != null) {
            backend.close();
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    DemoBackend backend() {
        return backend;
    }

    EventLoopGroup group() {
        return group;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + backend.address().getPort() + pathAndQuery);
    }

    URI webSocketUri(String path) {
        return URI.create("ws://127.0.0.1:" + backend.address().getPort() + path);
    }
}
