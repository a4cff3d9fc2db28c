package dev.gatehouse.engine.config;

import java.util.List;
import java.util.Objects;

/**
 * Where the engine's request traces go.
 *
 * @param tapCapacity traces kept in the tap ring that the access log, {@code GET /tap} and the
 *                    workbench read (rounded up to a power of two)
 * @param accessLog   may be null (no access log)
 * @param capture     what of each request and response the trace keeps besides its facts (off by default)
 */
public record ObservabilityConfig(int tapCapacity, AccessLogConfig accessLog, CaptureConfig capture) {
    public static final ObservabilityConfig DEFAULTS = new ObservabilityConfig(4096, null, CaptureConfig.OFF);

    public ObservabilityConfig {
        Objects.requireNonNull(capture, "capture");
    }

    /** Settings without capture. */
    public ObservabilityConfig(int tapCapacity, AccessLogConfig accessLog) {
        this(tapCapacity, accessLog, CaptureConfig.OFF);
    }

    public ObservabilityConfig withCapture(CaptureConfig newCapture) {
        return new ObservabilityConfig(tapCapacity, accessLog, newCapture);
    }

    /**
     * Request and response headers and the first body bytes, kept in each trace for the workbench's
     * detail pane, HAR export and replay. Bounded per trace; off by default, since traces then hold
     * credentials and personal data that the tap, the access log and {@code GET /tap} would expose.
     *
     * @param headers   keep request and response headers
     * @param bodyBytes keep up to this many bytes of each body (0: none), at most {@link #MAX_BODY_BYTES}
     */
    public record CaptureConfig(boolean headers, int bodyBytes) {
        public static final CaptureConfig OFF = new CaptureConfig(false, 0);
        public static final int MAX_BODY_BYTES = 1 << 20;

        public CaptureConfig {
            if (bodyBytes < 0 || bodyBytes > MAX_BODY_BYTES) {
                throw new IllegalArgumentException("capture body_bytes must be 0 to " + MAX_BODY_BYTES + ", got " + bodyBytes);
            }
        }

        public boolean any() {
            return headers || bodyBytes > 0;
        }
    }

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
                "consumer", "request_bytes", "response_bytes", "duration_ms", "timeline_us", "filters", "request", "response");

        public AccessLogConfig {
            Objects.requireNonNull(path, "path");
            fields = List.copyOf(fields);
        }
    }
}
