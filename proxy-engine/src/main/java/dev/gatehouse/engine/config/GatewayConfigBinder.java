package dev.gatehouse.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Binds a config tree to a {@link GatewayConfig}. Sections are read in dependency order (what is
 * referred to before what refers to it) whatever their order in the file, so every reference is
 * checked where it is written and all problems are reported in one pass.
 */
final class GatewayConfigBinder {
    private final Diagnostics diagnostics;
    private final FilterTypes filterTypes;
    private final TlsBinder tls;
    private final Path baseDirectory;

    /** @param baseDirectory what relative file paths (certificates, keys) are relative to */
    GatewayConfigBinder(Diagnostics diagnostics, FilterTypes filterTypes, Path baseDirectory) {
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        this.filterTypes = Objects.requireNonNull(filterTypes, "filterTypes");
        this.tls = new TlsBinder(diagnostics, baseDirectory);
        this.baseDirectory = baseDirectory;
    }

    /** Returns the config, or null when any error was reported. */
    GatewayConfig bind(ConfigNode tree) {
        MappingReader root = MappingReader.of(tree, "", diagnostics);
        if (root == null) {
            return null;
        }
        var addresses = new AddressClaims(diagnostics);
        EngineSettings engine = engine(root.optionalMapping("engine"));
        AdminConfig admin = admin(root.optionalMapping("admin"), root, addresses);
        ObservabilityConfig observability = observability(root.optionalMapping("observability"));
        var virtualHosts = new VirtualHostBinder(diagnostics);
        virtualHosts.bindAll(root.mappingList("virtual_hosts"));
        List<ConsumerConfig> consumers = new ConsumerBinder(diagnostics).bindAll(root.mappingList("consumers"));
        var filters = new FilterBinder(diagnostics, filterTypes, baseDirectory);
        List<FilterConfig> filterConfigs = filters.bindAll(root.mappingList("filters"));
        List<ListenerConfig> listeners = new ListenerBinder(diagnostics, virtualHosts, addresses, tls, filters)
                .bindAll(root.mappingList("listeners"));
        var backendNames = new NameTable("demo backend", diagnostics);
        List<DemoBackendConfig> demoBackends = demoBackends(root.mappingList("demo_backends"), backendNames, addresses);
        var clusters = new ClusterBinder(diagnostics, backendNames, tls);
        List<ClusterConfig> clusterConfigs = clusters.bindAll(root.mappingList("clusters"));
        List<RouteConfig> routes = new RouteBinder(diagnostics, virtualHosts, clusters.names(), filters)
                .bindAll(root.mappingList("routes"));
        List<VirtualHostConfig> virtualHostConfigs = virtualHosts.complete();
        root.finish();
        if (diagnostics.hasErrors()) {
            return null;
        }
        return new GatewayConfig(engine, admin, listeners, virtualHostConfigs, routes, clusterConfigs, demoBackends,
                observability, filterConfigs, consumers);
    }

    private EngineSettings engine(MappingReader r) {
        EngineSettings defaults = EngineSettings.DEFAULTS;
        if (r == null) {
            return defaults;
        }
        var engine = new EngineSettings(
                r.optionalInt("workers", defaults.workers(), 0, 1024),
                r.optionalDuration("drain_time", defaults.drainTime()),
                r.optionalInt("versions_kept", defaults.versionsKept(), 1, 1000),
                r.optionalChoice("transport", MappingReader.choicesOf(EngineSettings.SocketApi.class), defaults.transport()));
        r.finish();
        return engine;
    }

    private ObservabilityConfig observability(MappingReader r) {
        ObservabilityConfig defaults = ObservabilityConfig.DEFAULTS;
        if (r == null) {
            return defaults;
        }
        int capacity = r.optionalInt("tap_capacity", defaults.tapCapacity(), 16, 1 << 20);
        ObservabilityConfig.AccessLogConfig accessLog = null;
        MappingReader log = r.optionalMapping("access_log");
        if (log != null) {
            String path = log.requiredString("path");
            List<String> fields = new ArrayList<>();
            for (MappingReader.Item field : log.stringList("fields")) {
                if (ObservabilityConfig.AccessLogConfig.FIELDS.contains(field.value())) {
                    fields.add(field.value());
                } else {
                    diagnostics.error(field.position(), field.path(), "unknown access log field '" + field.value()
                            + "' (known: " + String.join(", ", ObservabilityConfig.AccessLogConfig.FIELDS) + ")");
                }
            }
            log.finish();
            accessLog = path == null ? null : new ObservabilityConfig.AccessLogConfig(path, fields);
        }
        ObservabilityConfig.CaptureConfig capture = ObservabilityConfig.CaptureConfig.OFF;
        MappingReader c = r.optionalMapping("capture");
        if (c != null) {
            boolean headers = c.optionalBoolean("headers", false);
            int bodyBytes = c.optionalSize("body_bytes", 0);
            if (bodyBytes > ObservabilityConfig.CaptureConfig.MAX_BODY_BYTES) {
                c.error("body_bytes", "must be at most " + SizeSyntax.format(ObservabilityConfig.CaptureConfig.MAX_BODY_BYTES)
                        + " (each trace in the tap keeps this much of each body)");
                bodyBytes = ObservabilityConfig.CaptureConfig.MAX_BODY_BYTES;
            }
            capture = new ObservabilityConfig.CaptureConfig(headers, bodyBytes);
            c.finish();
        }
        r.finish();
        return new ObservabilityConfig(capacity, accessLog, capture);
    }

    private AdminConfig admin(MappingReader r, MappingReader root, AddressClaims addresses) {
        AdminConfig defaults = AdminConfig.DEFAULTS;
        if (r == null) {
            addresses.claim("the admin API", defaults.address(), Position.NONE, root.pathOf("admin"));
            return defaults;
        }
        var admin = new AdminConfig(
                r.optionalBoolean("enabled", defaults.enabled()),
                r.optionalAddress("address", defaults.address()),
                r.optionalString("token", defaults.token()));
        r.finish();
        if (admin.enabled()) {
            addresses.claim("the admin API", admin.address(), r.positionOf("address"), r.pathOf("address"));
        }
        return admin;
    }

    private List<DemoBackendConfig> demoBackends(List<MappingReader> items, NameTable names, AddressClaims addresses) {
        List<DemoBackendConfig> backends = new ArrayList<>();
        for (MappingReader r : items) {
            int errors = diagnostics.errorCount();
            String name = r.requiredString("name");
            if (name != null) {
                names.declare(name, r.positionOf("name"), r.pathOf("name"));
            }
            String kind = r.requiredChoice("kind", MappingReader.choicesOf(DemoBackendConfig.KINDS));
            HostPort address = r.optionalAddress("address", DemoBackendConfig.DEFAULT_ADDRESS);
            Map<String, String> settings = new LinkedHashMap<>();
            r.stringMap("settings").forEach(p -> settings.put(p.key(), p.value()));
            CertificateFiles backendTls = tls.backend(r.optionalMapping("tls"));
            BackendFaults faults = faults(r, kind);
            r.finish();
            if (diagnostics.errorCount() == errors) {
                addresses.claim("demo backend '" + name + "'", address, r.positionOf("address"), r.pathOf("address"));
            }
            if (diagnostics.errorCount() == errors) {
                backends.add(new DemoBackendConfig(name, kind, address, settings, backendTls, faults));
            }
        }
        return backends;
    }

    /** Failure and latency injection; only the kinds that answer whole requests can inject it. */
    private static BackendFaults faults(MappingReader r, String kind) {
        BackendFaults none = BackendFaults.NONE;
        double rate = r.optionalDecimal("failure_rate", none.failureRate(), 0, 1);
        int status = r.optionalInt("failure_status", none.failureStatus(), 400, 599);
        Duration latency = r.optionalDuration("latency", none.latency());
        Duration jitter = r.optionalDuration("latency_jitter", none.latencyJitter());
        var faults = new BackendFaults(rate, status, latency, jitter);
        if (("sink".equals(kind) || "websocket".equals(kind))) {
            for (String key : List.of("failure_rate", "failure_status", "latency", "latency_jitter")) {
                if (r.has(key)) {
                    r.error(key, "'" + key + "' applies to echo, web and stream backends, not " + kind);
                }
            }
            return none;
        }
        return faults;
    }
}
