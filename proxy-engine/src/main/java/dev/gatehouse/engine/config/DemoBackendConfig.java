package dev.gatehouse.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small HTTP server the engine starts for labs and tests (echo, web, sink, stream, websocket).
 *
 * @param address  where it listens; port 0 picks a free port (clusters refer to it by name)
 * @param settings kind-specific settings, as strings
 * @param tls      the certificate to serve TLS with; null for cleartext
 * @param faults   failures and latency it injects; {@link BackendFaults#NONE} for none
 */
public record DemoBackendConfig(String name, String kind, HostPort address, Map<String, String> settings,
                                CertificateFiles tls, BackendFaults faults) {
    /** The kinds of demo backend the engine can start. */
    public static final List<String> KINDS = List.of("echo", "web", "sink", "stream", "websocket", "user_service");
    /** Loopback on a free port: demo backends are reached through clusters, never directly. */
    public static final HostPort DEFAULT_ADDRESS = new HostPort("127.0.0.1", 0);

    public DemoBackendConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(address, "address");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        Objects.requireNonNull(faults, "faults");
    }

    /** A backend that injects no faults. */
    public DemoBackendConfig(String name, String kind, HostPort address, Map<String, String> settings,
                             CertificateFiles tls) {
        this(name, kind, address, settings, tls, BackendFaults.NONE);
    }
}
