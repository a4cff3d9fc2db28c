package dev.gatehouse.engine.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.observe.GatewayMetrics;
import dev.gatehouse.engine.upstream.Cluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured {@code wasm} filter: its module, loaded, checked and compiled once per config
 * apply (off the event loops), and its VMs, one per event loop, created on first use there and
 * replaced when one breaks. A new config builds a new plugin; requests in flight finish on the old
 * plugin's VMs, which are dropped with it.
 */
final class WasmPlugin {
    private static final Logger log = LoggerFactory.getLogger(WasmPlugin.class);
    private static final long MAX_MODULE_BYTES = 64L * 1024 * 1024;

    final String name;
    final WasmFilterConfig config;
    final WasmModule module;
    final Set<String> exports;
    final WasmMetrics metrics;
    final GatewayConfig gateway;
    /** The running clusters of the config this plugin belongs to, for proxy_http_call. */
    final Function<String, Cluster> clusters;
    final Logger moduleLog;
    private final Function<Instance, Machine> machines;
    private final Map<Thread, ProxyWasmVm> vms = new ConcurrentHashMap<>();

    private WasmPlugin(String name, WasmFilterConfig config, WasmModule module, Function<Instance, Machine> machines,
                       WasmMetrics metrics, GatewayConfig gateway, Function<String, Cluster> clusters) {
        this.name = name;
        this.clusters = clusters;
        this.config = config;
        this.module = module;
        this.machines = machines;
        this.metrics = metrics;
        this.gateway = gateway;
        this.moduleLog = LoggerFactory.getLogger("dev.gatehouse.wasm." + name);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            names.add(module.exportSection().getExport(i).name());
        }
        this.exports = Set.copyOf(names);
    }

    /**
     * Loads, verifies and compiles the module, then starts it once (VM start and configure) to prove
     * it accepts its configuration.
     *
     * @throws IllegalArgumentException saying what is wrong; the config apply is then rejected
     */
    static WasmPlugin load(String name, WasmFilterConfig config, GatewayMetrics gatewayMetrics, GatewayConfig gateway,
                           Function<String, Cluster> clusters) {
        byte[] bytes = read(config.module());
        if (config.sha256() != null) {
            String actual = sha256(bytes);
            if (!actual.equals(config.sha256())) {
                throw new IllegalArgumentException("module " + config.module() + " has SHA-256 " + actual
                        + ", not the pinned " + config.sha256());
            }
        }
        WasmModule module;
        try {
            module = Parser.parse(bytes);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("module " + config.module() + " is not valid WebAssembly: " + e.getMessage(), e);
        }
        Function<Instance, Machine> machines = InterpreterMachine::new;
        if (config.compiled()) {
            try {
                machines = MachineFactoryCompiler.compile(module);
            } catch (RuntimeException | LinkageError e) {
                log.warn("wasm filter '{}': compiling {} failed ({}); it runs interpreted", name, config.module(), e.toString());
            }
        }
        var plugin = new WasmPlugin(name, config, module, machines, WasmMetrics.of(gatewayMetrics), gateway, clusters);
        if (plugin.exports.contains(Abi.MARKER_0_1_0) && !plugin.exports.contains(Abi.MARKER_0_2_1)
                && !plugin.exports.contains(Abi.MARKER_0_2_0)) {
            throw new IllegalArgumentException("module " + config.module() + " speaks proxy-wasm ABI 0.1.0; this host speaks 0.2.0 and 0.2.1");
        }
        if (!plugin.exports.contains(Abi.MARKER_0_2_1) && !plugin.exports.contains(Abi.MARKER_0_2_0)) {
            throw new IllegalArgumentException("module " + config.module() + " exports no proxy-wasm ABI version marker ("
                    + Abi.MARKER_0_2_1 + " or " + Abi.MARKER_0_2_0 + ")");
        }
        ProxyWasmVm probe = new ProxyWasmVm(plugin, null);
        try {
            probe.start();
        } catch (WasmFailure e) {
            throw new IllegalArgumentException("module " + config.module() + " failed to start: " + e.getMessage(), e);
        } finally {
            probe.retire();
        }
        return plugin;
    }

    Instance.Builder instanceBuilder() {
        return Instance.builder(module).withMachineFactory(machines);
    }

    /** This event loop's VM, started on first use (or after the last one broke); null when it cannot start. */
    ProxyWasmVm vm(Executor eventLoop) {
        Thread thread = Thread.currentThread();
        ProxyWasmVm vm = vms.get(thread);
        if (vm != null && !vm.broken()) {
            return vm;
        }
        vm = new ProxyWasmVm(this, eventLoop);
        vm.start(); // a WasmFailure here reaches the filter, which applies its failure policy
        metrics.vmStarted(name);
        vms.put(thread, vm);
        return vm;
    }

    /** A VM broke: the next request on its event loop gets a fresh one. */
    void discard(ProxyWasmVm vm) {
        vms.values().remove(vm);
        vm.retire();
    }

    private static byte[] read(String location) {
        try {
            if (location.startsWith("http://") || location.startsWith("https://")) {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NORMAL).build();
                HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(location))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IllegalArgumentException("fetching module " + location + " got HTTP " + response.statusCode());
                }
                return checkSize(location, response.body());
            }
            Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
            if (Files.size(path) > MAX_MODULE_BYTES) {
                throw new IllegalArgumentException("module " + location + " is larger than " + MAX_MODULE_BYTES + " bytes");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read module " + location + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while fetching module " + location, e);
        }
    }

    private static byte[] checkSize(String location, byte[] bytes) {
        if (bytes.length > MAX_MODULE_BYTES) {
            throw new IllegalArgumentException("module " + location + " is larger than " + MAX_MODULE_BYTES + " bytes");
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
