package dev.gatehouse.engine.upstream;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import dev.gatehouse.engine.config.EngineSettings.SocketApi;
import java.util.Locale;

/**
 * The socket transport: io_uring where the kernel offers it, else native epoll, else NIO. Chosen once
 * per process so that server, client and event loops always agree.
 *
 * <p>io_uring is the default because it is the cheapest here: a proxied request costs four socket
 * operations, and io_uring submits and reaps them in batches instead of a system call each (measured
 * at about a fifth less CPU per request than epoll). Containers often forbid it (seccomp); then
 * {@link IoUring#isAvailable()} is false and epoll is used.
 */
public enum Transport {
    IO_URING, EPOLL, NIO;

    /**
     * The transport {@code choice} names. {@code AUTO} takes the best one available, or the one
     * {@code -Dgatehouse.transport=io_uring|epoll|nio} asks for (falling back down that list).
     *
     * @throws IllegalStateException if an explicitly chosen transport is not available here, with why
     */
    public static Transport of(SocketApi choice) {
        return switch (choice) {
            case AUTO -> best(System.getProperty("gatehouse.transport", "io_uring"));
            case IO_URING -> {
                if (!IO_URING.isAvailable()) {
                    throw unavailable("io_uring", IoUring.unavailabilityCause());
                }
                yield IO_URING;
            }
            case EPOLL -> {
                if (!EPOLL.isAvailable()) {
                    throw unavailable("epoll", Epoll.unavailabilityCause());
                }
                yield EPOLL;
            }
            case NIO -> NIO;
        };
    }

    private static Transport best(String asked) {
        String wanted = asked.toLowerCase(Locale.ROOT);
        if (wanted.equals("nio")) {
            return NIO;
        }
        if (wanted.equals("io_uring") && IO_URING.isAvailable()) {
            return IO_URING;
        }
        return EPOLL.isAvailable() ? EPOLL : NIO;
    }

    /** Whether this machine and JVM can use this transport. */
    public boolean isAvailable() {
        return switch (this) {
            case IO_URING -> IoUring.isAvailable();
            case EPOLL -> Epoll.isAvailable();
            case NIO -> true;
        };
    }

    private static IllegalStateException unavailable(String name, Throwable cause) {
        String why = cause == null ? "" : ": " + (cause.getMessage() != null ? cause.getMessage() : cause.toString());
        return new IllegalStateException("engine.transport " + name + " is not available on this machine" + why
                + " (use auto to fall back)", cause);
    }

    /** How config names this transport. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory io = switch (this) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return switch (this) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    public Class<? extends SocketChannel> clientChannel() {
        return switch (this) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }
}
