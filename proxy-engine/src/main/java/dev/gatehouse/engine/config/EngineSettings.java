package dev.gatehouse.engine.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Process-wide settings.
 *
 * @param workers       worker event loops; 0 means one per available core
 * @param drainTime     how long a removed listener keeps serving its open connections
 * @param versionsKept  how many applied configs are kept for rollback
 * @param transport     which kernel socket API the event loops use; read once, at start
 */
public record EngineSettings(int workers, Duration drainTime, int versionsKept, SocketApi transport) {
    public static final EngineSettings DEFAULTS = new EngineSettings(0, Duration.ofSeconds(5), 20, SocketApi.AUTO);

    /** The socket API of the event loops. */
    public enum SocketApi {
        /** io_uring if the kernel allows it, else epoll, else NIO (or {@code -Dgatehouse.transport}). */
        AUTO,
        IO_URING,
        EPOLL,
        NIO
    }

    public EngineSettings {
        Objects.requireNonNull(drainTime, "drainTime");
        Objects.requireNonNull(transport, "transport");
    }

    public EngineSettings withWorkers(int count) {
        return new EngineSettings(count, drainTime, versionsKept, transport);
    }
}
