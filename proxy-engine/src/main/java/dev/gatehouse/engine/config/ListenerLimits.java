package dev.gatehouse.engine.config;

import java.time.Duration;
import java.util.Objects;

/** Per-listener protection limits; each breach has a status code, a metric and a log line. */
public record ListenerLimits(
        int maxRequestLineBytes,
        int maxHeaderBytes,
        int maxHeaders,
        Duration idleTimeout,
        Duration requestHeadersTimeout,
        int maxConnections) {

    public static final ListenerLimits DEFAULTS = new ListenerLimits(
            8192, 65536, 100, Duration.ofSeconds(60), Duration.ofSeconds(10), 10_000);

    public ListenerLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(requestHeadersTimeout, "requestHeadersTimeout");
    }
}
