package dev.gatehouse.engine.admin;

import dev.gatehouse.engine.config.AdminConfig;
import dev.gatehouse.engine.runtime.Gateway;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admin API: a separate listener (127.0.0.1:9901 by default) that reads the engine's state and,
 * with the bearer token, changes its config. Config applies run on a dedicated thread, never on the
 * admin event loop, because they bind sockets and resolve names.
 */
public final class AdminServer implements AutoCloseable {
    /** Largest config document {@code PUT /config} accepts. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final Gateway gateway;
    private final String token;
    private final boolean tokenGenerated;
    private final EventLoopGroup group;
    private final ExecutorService applier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gatehouse-admin-apply");
        t.setDaemon(true);
        return t;
    });
    private Channel channel;

    private AdminServer(Gateway gateway, String token, boolean tokenGenerated) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.token = token;
        this.tokenGenerated = tokenGenerated;
        this.group = gateway.transport().newGroup(1, "gatehouse-admin");
    }

    /** Binds the admin listener for a running gateway. The token is generated when config has none. */
    public static AdminServer start(Gateway gateway, AdminConfig config) throws InterruptedException {
        boolean generate = config.token() == null || config.token().isEmpty();
        String token = generate ? newToken() : config.token();
        AdminServer server = new AdminServer(gateway, token, generate);
        try {
            server.bind(config.address().toSocketAddress());
        } catch (InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind(InetSocketAddress address) throws InterruptedException {
        var api = new AdminApi(gateway, token, applier);
        channel = new ServerBootstrap()
                .group(group)
                .channel(gateway.transport().serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec(8192, 16384, 65536))
                                .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                                .addLast(new AdminHandler(api));
                    }
                })
                .bind(address).sync().channel();
    }

    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    public String token() {
        return token;
    }

    /** True when no token was configured, so the caller should print the generated one once. */
    public boolean tokenGenerated() {
        return tokenGenerated;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        applier.shutdownNow();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
