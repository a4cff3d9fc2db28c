package dev.gatehouse.engine.config;

import java.util.List;
import java.util.Objects;

/**
 * Where the engine's request traces go.
 *
 * @param tapCapacity traces kept in the tap ring that the access log, {@code GET /tap} and the
 *                    workbench read (rounded up to a power of two)
 * @param accessLog   may be null (no access log)
 */
public record ObservabilityConfig(int tapCapacity, AccessLogConfig accessLog) {
    public static final ObservabilityConfig DEFAULTS = new ObservabilityConfig(4096, null);

    /**
     * A JSON-lines access log.
     *
     * @param path   a file to append to, or {@code stdout}
     * @param fields the trace fields to write, in this order; empty means all
     */
    public record AccessLogConfig(String path, List<String> fields) {
        /** Every field a trace has, in its own order. */
        public static final List<String> FIELDS = List.of("time", "request_id", "listener", "protocol", "method",
                "authority", "path", "client", "route", "virtual_host", "route_misses", "cluster", "endpoint", "attempts", "status", "flags",
                "consumer", "request_bytes", "response_bytes", "duration_ms", "timeline_us", "filters");

        public AccessLogConfig {
            Objects.requireNonNull(path, "path");
            fields = List.copyOf(fields);
        }
    }
}
