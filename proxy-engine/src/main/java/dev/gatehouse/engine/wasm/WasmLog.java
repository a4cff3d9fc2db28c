package dev.gatehouse.engine.wasm;

import java.util.concurrent.ConcurrentHashMap;

/** Failure log lines, at most one per filter every 10 s: a broken module must not flood the log at request rate. */
final class WasmLog {
    private static final long INTERVAL_NANOS = 10_000_000_000L;
    private static final ConcurrentHashMap<String, Long> LAST = new ConcurrentHashMap<>();

    private WasmLog() {
    }

    static void failure(WasmPlugin plugin, WasmFailure e) {
        long now = System.nanoTime();
        Long last = LAST.get(plugin.name);
        if (last == null || now - last > INTERVAL_NANOS) {
            LAST.put(plugin.name, now);
            plugin.moduleLog.warn("wasm filter '{}' failed ({}): {}; {} (counted in gatehouse_wasm_failures_total)",
                    plugin.name, e.reason(), e.getMessage(),
                    plugin.config.failOpen() ? "fail_open: requests skip it" : "fail_closed: requests get a 503");
        }
    }
}
