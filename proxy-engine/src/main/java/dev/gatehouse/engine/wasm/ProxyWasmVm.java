package dev.gatehouse.engine.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One proxy-wasm VM: a module instance with the host's imports, its root context and the HTTP
 * contexts of the requests it serves. Single-threaded, like every proxy-wasm VM: it lives on one
 * event loop (or, for the probe started at config apply, on the config thread). Every callback runs
 * under the execution cap; a callback that traps or overruns breaks the VM for good.
 */
final class ProxyWasmVm {
    static final int ROOT_CONTEXT_ID = 1;

    final WasmPlugin plugin;
    final Executor eventLoop;
    private final CallBudget budget;
    private boolean startingUp;
    private final Map<Integer, WasmHttpFilter> streams = new HashMap<>();
    private Instance instance;
    private Memory memory;
    private ExportFunction allocate;
    private int nextContextId = ROOT_CONTEXT_ID + 1;
    private int effectiveContext = ROOT_CONTEXT_ID;
    private boolean broken;
    private ScheduledFuture<?> tick;
    final HostCalls host;

    ProxyWasmVm(WasmPlugin plugin, Executor eventLoop) {
        this.plugin = plugin;
        this.eventLoop = eventLoop;
        this.budget = new CallBudget(plugin.config.callbackBudget().toNanos(), plugin.config.startUpBudget().toNanos());
        this.host = new HostCalls(this);
    }

    /**
     * Instantiates the module and runs its start-up: reactor init, root context, VM start, configure. Start-up
     * calls run under the start-up budget, not the per-callback one.
     */
    void start() {
        startingUp = true;
        try {
            startUp();
        } finally {
            startingUp = false;
        }
    }

    private void startUp() {
        WasiPreview1 wasi = WasiPreview1.builder().withOptions(WasiOptions.builder()
                .withStdout(new LogStream(plugin.moduleLog, false))
                .withStderr(new LogStream(plugin.moduleLog, true)).build()).build();
        HostFunction[] wasiFunctions = wasi.toHostFunctions();
        ImportValues imports = ImportValues.builder()
                .addFunction(wasiFunctions)
                .withFunctions(host.functions(plugin.module, wasiFunctions))
                .build();
        int declaredMax = plugin.module.memorySection()
                .map(s -> s.memoryCount() > 0 ? s.getMemory(0).limits().maximumPages() : MemoryLimits.MAX_PAGES)
                .orElse(MemoryLimits.MAX_PAGES);
        int initial = plugin.module.memorySection()
                .map(s -> s.memoryCount() > 0 ? s.getMemory(0).limits().initialPages() : 0).orElse(0);
        if (initial > plugin.config.memoryPages()) {
            broken = true;
            throw new WasmFailure("memory", "the module starts with " + initial + " memory pages; the cap is "
                    + plugin.config.memoryPages(), null);
        }
        try {
            budget.enter(true);
            try {
                instance = plugin.instanceBuilder().withImportValues(imports)
                        .withMemoryLimits(new MemoryLimits(initial, Math.min(declaredMax, plugin.config.memoryPages())))
                        .withStart(false).build();
            } finally {
                budget.exit();
            }
        } catch (RuntimeException | StackOverflowError e) {
            broken = true;
            throw new WasmFailure("start", "instantiation failed: " + e.getMessage(), e);
        }
        memory = instance.memory();
        allocate = export("proxy_on_memory_allocate");
        if (allocate == null) {
            allocate = export("malloc");
        }
        if (exports("_initialize")) {
            call("_initialize");
        } else if (exports("_start")) {
            try {
                call("_start");
            } catch (WasmFailure e) {
                if (!(e.getCause() instanceof WasiExitException exit) || exit.exitCode() != 0) {
                    throw e;
                }
                broken = false; // _start ending in proc_exit(0) is a normal start-up
            }
        }
        call("proxy_on_context_create", ROOT_CONTEXT_ID, 0);
        if (exports("proxy_on_vm_start")
                && call("proxy_on_vm_start", ROOT_CONTEXT_ID, plugin.config.vmConfiguration().length) == 0) {
            broken = true;
            throw new WasmFailure("start", "proxy_on_vm_start returned false", null);
        }
        if (exports("proxy_on_configure")
                && call("proxy_on_configure", ROOT_CONTEXT_ID, plugin.config.configuration().length) == 0) {
            broken = true;
            throw new WasmFailure("start", "proxy_on_configure rejected the plugin configuration", null);
        }
    }

    boolean exports(String name) {
        return plugin.exports.contains(name);
    }

    boolean broken() {
        return broken;
    }

    Memory memory() {
        return memory;
    }

    /** A new HTTP context for {@code stream}; the module hears of it through proxy_on_context_create. */
    int newStream(WasmHttpFilter stream) {
        int id = nextContextId++;
        streams.put(id, stream);
        call("proxy_on_context_create", id, ROOT_CONTEXT_ID);
        return id;
    }

    void endStream(int id) {
        streams.remove(id);
    }

    WasmHttpFilter stream(int contextId) {
        return streams.get(contextId);
    }

    /** The HTTP context host calls act on now (set per callback, or by proxy_set_effective_context). */
    WasmHttpFilter currentStream() {
        return streams.get(effectiveContext);
    }

    int effectiveContext() {
        return effectiveContext;
    }

    boolean setEffectiveContext(int id) {
        if (id != ROOT_CONTEXT_ID && !streams.containsKey(id)) {
            return false;
        }
        effectiveContext = id;
        return true;
    }

    /**
     * Calls an export for a context (the first argument is its id), under the execution cap. Returns
     * its i32 result, or 0 for none; an export the module lacks is not called (0).
     *
     * @throws WasmFailure when the module traps or overruns; the VM is broken from then on
     */
    int call(String export, long... args) {
        if (broken) {
            throw new WasmFailure("vm_broken", "the VM failed earlier", null);
        }
        ExportFunction function = export(export);
        if (function == null) {
            return 0;
        }
        int previous = effectiveContext;
        if (args.length > 0) {
            effectiveContext = (int) args[0]; // every callback's first argument is its context
        }
        budget.enter(startingUp);
        long[] result;
        try {
            result = function.apply(args);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            boolean expired = budget.exit();
            broken = true;
            effectiveContext = previous;
            if (expired || e instanceof ChicoryInterruptedException) {
                throw overran(export, e);
            }
            // Chicory does not report a refused memory.grow; a module that traps after growing past half
            // its cap has, in practice, run out of it (allocators grow in ever larger steps).
            if (memory != null && memory.pages() * 2L > plugin.config.memoryPages()) {
                throw new WasmFailure("memory", export + " failed at the memory cap ("
                        + plugin.config.memoryPages() + " pages): " + e, e);
            }
            throw new WasmFailure("trap", export + " trapped: " + e.getMessage(), e);
        }
        effectiveContext = previous;
        if (budget.exit()) { // it returned, but past its deadline: as much a timeout as one the watchdog stopped
            broken = true;
            throw overran(export, null);
        }
        return result == null || result.length == 0 ? 0 : (int) result[0];
    }

    private WasmFailure overran(String export, Throwable cause) {
        Duration cap = startingUp ? plugin.config.startUpBudget() : plugin.config.callbackBudget();
        return new WasmFailure("timeout", export + " ran longer than " + cap.toMillis() + " ms and was stopped", cause);
    }

    private ExportFunction export(String name) {
        if (!plugin.exports.contains(name)) {
            return null;
        }
        return instance.export(name);
    }

    /** Copies {@code data} into memory the module allocates; returns the address (0 for nothing). */
    int copyIn(byte[] data) {
        if (allocate == null) {
            throw new IllegalStateException("the module exports neither proxy_on_memory_allocate nor malloc");
        }
        budget.enter();
        try {
            int address = (int) allocate.apply(Math.max(1, data.length))[0];
            if (address == 0) {
                throw new IllegalStateException("the module could not allocate " + data.length + " bytes");
            }
            memory.write(address, data);
            return address;
        } finally {
            budget.exit();
        }
    }

    /** proxy_set_tick_period_milliseconds: ticks on this VM's event loop; 0 stops them. */
    int setTickPeriod(int millis) {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
        if (millis <= 0 || !(eventLoop instanceof ScheduledExecutorService loop)) {
            return Abi.OK; // the probe VM at config apply never ticks
        }
        WeakReference<ProxyWasmVm> self = new WeakReference<>(this);
        tick = loop.scheduleAtFixedRate(() -> {
            ProxyWasmVm vm = self.get();
            if (vm == null || vm.broken) {
                throw new IllegalStateException("VM gone"); // ends the schedule
            }
            vm.runRootCallback("proxy_on_tick", ROOT_CONTEXT_ID);
        }, millis, millis, TimeUnit.MILLISECONDS);
        return Abi.OK;
    }

    /** A root-context callback from a timer, a queue or an HTTP call: failures break the VM, counted. */
    void runRootCallback(String export, long... args) {
        try {
            call(export, args);
        } catch (WasmFailure e) {
            plugin.metrics.failure(plugin.name, e.reason());
            plugin.moduleLog.warn("wasm filter '{}': {} failed: {}", plugin.name, export, e.getMessage());
            plugin.discard(this);
        }
    }

    void retire() {
        broken = true;
        if (tick != null) {
            tick.cancel(false);
        }
        budget.retire();
    }

    /** Module stdout/stderr as log lines. */
    private static final class LogStream extends java.io.OutputStream {
        private final org.slf4j.Logger log;
        private final boolean error;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        LogStream(org.slf4j.Logger log, boolean error) {
            this.log = log;
            this.error = error;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                flushLine();
            } else if (line.size() < 4096) {
                line.write(b);
            }
        }

        private void flushLine() {
            String text = line.toString(java.nio.charset.StandardCharsets.UTF_8);
            line.reset();
            if (error) {
                log.warn("{}", text);
            } else {
                log.info("{}", text);
            }
        }
    }
}
