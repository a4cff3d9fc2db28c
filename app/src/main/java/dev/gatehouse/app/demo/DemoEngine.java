package dev.gatehouse.app.demo;

import dev.gatehouse.engine.admin.AdminServer;
import dev.gatehouse.engine.config.AdminConfig;
import dev.gatehouse.engine.config.ConfigExporter;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.EngineSettings;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.config.HostPort;
import dev.gatehouse.engine.config.ListenerConfig;
import dev.gatehouse.engine.config.ObservabilityConfig;
import dev.gatehouse.engine.runtime.Gateway;
import dev.gatehouse.views.engine.ApplyOutcome;
import dev.gatehouse.views.engine.EngineClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The engine embedded in the workbench, running a lab (or any config) with its demo backends. Fixed
 * ports that are taken (another gateway on 8080, a second workbench) fall back to ephemeral ones, so
 * the workbench always starts; {@link #addresses()} says where things really are. Labs switch by a hot
 * apply through the admin API ({@link EngineClient#apply}), as any other config change.
 */
public final class DemoEngine implements AutoCloseable {
    /** What the embedded engine keeps of each request for the detail pane when the config does not say. */
    static final ObservabilityConfig.CaptureConfig DEMO_CAPTURE = new ObservabilityConfig.CaptureConfig(true, 4096);

    private final Gateway gateway;
    private final EngineClient client;
    private final AdminServer admin;
    private final boolean ephemeral;
    private volatile GatewayConfig running;

    private DemoEngine(Gateway gateway, AdminServer admin, GatewayConfig running, boolean ephemeral) {
        this.gateway = gateway;
        this.ephemeral = ephemeral;
        this.admin = admin;
        this.client = EngineClient.embedded(gateway);
        this.running = running;
    }

    /**
     * Starts the engine on a lab's config; the admin API listens too (its port may fall back as well).
     *
     * @param ephemeral every port ephemeral, whatever the config says (tests, benchmarks)
     */
    public static DemoEngine start(Path configFile, boolean ephemeral) throws Exception {
        GatewayConfig config = fit(load(configFile), null, ephemeral);
        Gateway gateway = Gateway.start(config, configFile.toString());
        AdminServer admin = null;
        try {
            AdminConfig wanted = config.admin();
            if (wanted.enabled()) {
                HostPort address = ephemeral ? new HostPort("127.0.0.1", 0) : free(wanted.address(), List.of());
                admin = AdminServer.start(gateway, new AdminConfig(true, address, wanted.token()));
            }
        } catch (Exception e) {
            // The workbench talks to its engine in process; a missing admin socket only costs curl access.
            admin = null;
        }
        return new DemoEngine(gateway, admin, config, ephemeral);
    }

    public EngineClient client() {
        return client;
    }

    public Gateway gateway() {
        return gateway;
    }

    /** Hot-applies a config file (a lab or any config) to the running engine, ports fitted as at start. */
    public CompletableFuture<ApplyOutcome> apply(Path configFile) {
        GatewayConfig next;
        try {
            next = fit(load(configFile), running, ephemeral);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return client.apply(ConfigExporter.toYaml(next)).thenApply(outcome -> {
            if (outcome.applied()) {
                running = gateway.current().config();
            }
            return outcome;
        });
    }

    /** The config the engine runs now. */
    public GatewayConfig running() {
        return gateway.current().config();
    }

    /** Listener name → the base URI it serves on (https for TLS listeners), 127.0.0.1 for wildcard hosts. */
    public Map<String, URI> listenerUris() {
        Map<String, URI> out = new LinkedHashMap<>();
        for (ListenerConfig l : running().listeners()) {
            try {
                InetSocketAddress a = gateway.listenerAddress(l.name());
                out.put(l.name(), URI.create((l.tls() != null ? "https" : "http") + "://127.0.0.1:" + a.getPort()));
            } catch (IllegalArgumentException e) {
                // listener not bound (yet): left out
            }
        }
        return out;
    }

    /** "public http://127.0.0.1:8080 · admin http://127.0.0.1:9901" — where the engine really listens. */
    public String addresses() {
        List<String> parts = new ArrayList<>();
        listenerUris().forEach((name, uri) -> parts.add(name + " " + uri));
        if (admin != null) {
            parts.add("admin http://127.0.0.1:" + admin.boundAddress().getPort());
        }
        return String.join(" · ", parts);
    }

    /** The admin API's token (generated when the config names none), or empty without an admin socket. */
    public String adminToken() {
        return admin == null ? "" : admin.token();
    }

    @Override
    public void close() {
        client.close();
        if (admin != null) {
            admin.close();
        }
        gateway.close();
    }

    // ---------------------------------------------------------------- ports

    private static GatewayConfig load(Path file) {
        return new ConfigLoader().load(file).config();
    }

    /**
     * Keeps each listener's fixed port if this engine already holds it or it is free, else asks for an
     * ephemeral one on the same host.
     */
    static GatewayConfig fit(GatewayConfig config, GatewayConfig running, boolean ephemeral) {
        List<HostPort> held = new ArrayList<>();
        if (running != null) {
            running.listeners().forEach(l -> held.add(l.address()));
        }
        List<ListenerConfig> listeners = new ArrayList<>();
        for (ListenerConfig l : config.listeners()) {
            listeners.add(l.withAddress(ephemeral ? new HostPort(l.address().host(), 0) : free(l.address(), held)));
        }
        GatewayConfig fitted = config.withListeners(listeners);
        if (fitted.engine().workers() == 0) {
            // One core stays the window's: with every core serving traffic, the FX thread starves and
            // frames stall under load (measured: pulses over 100 ms at 5,000 req/s on two cores).
            EngineSettings engine = fitted.engine();
            fitted = fitted.withEngine(engine.withWorkers(workers()));
        }
        if (!fitted.observability().capture().any()) {
            // The workbench shows requests in full (detail pane, HAR, replay): capture what the config does not.
            fitted = fitted.withObservability(fitted.observability().withCapture(DEMO_CAPTURE));
        }
        return fitted;
    }

    /** Worker event loops of the embedded engine when its config leaves it to us: one core stays the window's. */
    static int workers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    private static HostPort free(HostPort wanted, List<HostPort> heldByUs) {
        if (wanted.port() == 0 || heldByUs.contains(wanted) || bindable(wanted)) {
            return wanted;
        }
        return new HostPort(wanted.host(), 0);
    }

    private static boolean bindable(HostPort address) {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address.host()), address.port()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
