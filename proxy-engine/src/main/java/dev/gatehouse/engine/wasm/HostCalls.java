package dev.gatehouse.engine.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host side of the proxy-wasm ABI (module {@code env}) for one VM. Every call answers with a
 * {@code proxy_status_t}; a call this host does not offer answers UNIMPLEMENTED, and so does any
 * other {@code env} function a module imports (stubbed from its declared type, so modules built
 * against a larger host surface still instantiate).
 */
final class HostCalls {
    /** Host calls that exist in the ABI but are not offered here; they answer UNIMPLEMENTED. */
    static final List<String> UNIMPLEMENTED_CALLS = List.of("proxy_grpc_call", "proxy_grpc_stream", "proxy_grpc_send",
            "proxy_grpc_cancel", "proxy_grpc_close", "proxy_call_foreign_function", "proxy_close_stream",
            "proxy_clear_route_cache");

    private final ProxyWasmVm vm;
    private final Map<Integer, WasmMetrics.Metric> metrics = new HashMap<>();
    private final Map<String, Integer> metricIds = new HashMap<>();
    /** Properties the module set outside any HTTP context. */
    private final Map<String, byte[]> rootProperties = new HashMap<>();

    HostCalls(ProxyWasmVm vm) {
        this.vm = vm;
    }

    /** The env functions: every host call, plus UNIMPLEMENTED stubs for whatever else the module imports. */
    List<ImportFunction> functions(WasmModule module, HostFunction[] wasi) {
        List<ImportFunction> all = new ArrayList<>(List.of(
                fn("proxy_log", 3, a -> log((int) a[0], string(a[1], a[2]))),
                fn("proxy_get_log_level", 1, a -> writeI32(a[0], logLevel())),
                fn("proxy_get_current_time_nanoseconds", 1, a -> writeI64(a[0], nowNanos())),
                fn("proxy_set_tick_period_milliseconds", 1, a -> vm.setTickPeriod((int) a[0])),
                fn("proxy_set_effective_context", 1, a -> vm.setEffectiveContext((int) a[0]) ? Abi.OK : Abi.BAD_ARGUMENT),
                fn("proxy_done", 0, a -> Abi.OK),
                fn("proxy_get_buffer_bytes", 5, a -> getBufferBytes((int) a[0], (int) a[1], (int) a[2], a[3], a[4])),
                fn("proxy_get_buffer_status", 3, a -> getBufferStatus((int) a[0], a[1], a[2])),
                fn("proxy_set_buffer_bytes", 5, a -> setBufferBytes((int) a[0], (int) a[1], (int) a[2], bytes(a[3], a[4]))),
                fn("proxy_get_header_map_pairs", 3, a -> getPairs((int) a[0], a[1], a[2])),
                fn("proxy_set_header_map_pairs", 3, a -> setPairs((int) a[0], bytes(a[1], a[2]))),
                fn("proxy_get_header_map_size", 2, a -> getMapSize((int) a[0], a[1])),
                fn("proxy_get_header_map_value", 5, a -> getValue((int) a[0], string(a[1], a[2]), a[3], a[4])),
                fn("proxy_add_header_map_value", 5, a -> edit((int) a[0], WasmHttpFilter.Edit.ADD, string(a[1], a[2]), string(a[3], a[4]))),
                fn("proxy_replace_header_map_value", 5, a -> edit((int) a[0], WasmHttpFilter.Edit.REPLACE, string(a[1], a[2]), string(a[3], a[4]))),
                fn("proxy_remove_header_map_value", 3, a -> edit((int) a[0], WasmHttpFilter.Edit.REMOVE, string(a[1], a[2]), null)),
                fn("proxy_continue_stream", 1, a -> continueStream((int) a[0])),
                fn("proxy_continue_request", 0, a -> continueStream(Abi.STREAM_HTTP_REQUEST)),
                fn("proxy_continue_response", 0, a -> continueStream(Abi.STREAM_HTTP_RESPONSE)),
                fn("proxy_send_local_response", 8, a -> sendLocalResponse((int) a[0], string(a[1], a[2]), bytes(a[3], a[4]), bytes(a[5], a[6]))),
                fn("proxy_get_property", 4, a -> getProperty(string(a[0], a[1]), a[2], a[3])),
                fn("proxy_set_property", 4, a -> setProperty(string(a[0], a[1]), bytes(a[2], a[3]))),
                fn("proxy_get_shared_data", 5, a -> getSharedData(string(a[0], a[1]), a[2], a[3], a[4])),
                fn("proxy_set_shared_data", 5, a -> SharedState.PROCESS.set(vm.plugin.name, string(a[0], a[1]), bytes(a[2], a[3]), (int) a[4])),
                fn("proxy_register_shared_queue", 3, a -> registerQueue(string(a[0], a[1]), a[2])),
                fn("proxy_resolve_shared_queue", 5, a -> resolveQueue(string(a[0], a[1]), string(a[2], a[3]), a[4])),
                fn("proxy_enqueue_shared_queue", 3, a -> SharedState.PROCESS.enqueue((int) a[0], bytes(a[1], a[2]))),
                fn("proxy_dequeue_shared_queue", 3, a -> dequeue((int) a[0], a[1], a[2])),
                fn("proxy_define_metric", 4, a -> defineMetric((int) a[0], string(a[1], a[2]), a[3])),
                fn("proxy_increment_metric", List.of(ValType.I32, ValType.I64), a -> withMetric(a[0], m -> m.increment(a[1]))),
                fn("proxy_record_metric", List.of(ValType.I32, ValType.I64), a -> withMetric(a[0], m -> m.record(a[1]))),
                fn("proxy_get_metric", 2, a -> withMetric(a[0], m -> writeI64(a[1], m.get()))),
                fn("proxy_http_call", 10, a -> httpCall(string(a[0], a[1]), bytes(a[2], a[3]), bytes(a[4], a[5]),
                        bytes(a[6], a[7]), (int) a[8], a[9])),
                fn("proxy_get_status", 3, a -> getStatus(a[0], a[1], a[2])),
                fn("proxy_get_configuration", 2, a -> returnBytes(vm.plugin.config.configuration(), a[0], a[1])),
                new HostFunction("env", "emscripten_notify_memory_growth", FunctionType.of(List.of(ValType.I32), List.of()),
                        (inst, a) -> null),
                new HostFunction("env", "pthread_equal", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32)),
                        (inst, a) -> new long[] {a[0] == a[1] ? 1 : 0})));
        Set<String> offered = new HashSet<>();
        all.forEach(f -> offered.add(f.module() + "." + f.name()));
        for (HostFunction f : wasi) {
            offered.add(f.module() + "." + f.name());
        }
        // Anything else the module imports from env or WASI: a stub, so the module instantiates.
        var types = module.typeSection();
        module.importSection().stream().filter(i -> i instanceof FunctionImport).map(i -> (FunctionImport) i)
                .filter(i -> !offered.contains(i.module() + "." + i.name()))
                .forEach(i -> all.add(stub(i.module(), i.name(), types.getType(i.typeIndex()))));
        return all;
    }

    private interface Call {
        int run(long[] args);
    }

    private HostFunction fn(String name, int params, Call call) {
        return fn(name, java.util.Collections.nCopies(params, ValType.I32), call);
    }

    private HostFunction fn(String name, List<ValType> params, Call call) {
        return new HostFunction("env", name, FunctionType.of(params, List.of(ValType.I32)),
                (inst, args) -> new long[] {guarded(call, args)});
    }

    private static HostFunction stub(String module, String name, FunctionType type) {
        return new HostFunction(module, name, type, (inst, args) -> {
            if (name.equals("proc_exit")) {
                // e.g. wasi_unstable.proc_exit, what AssemblyScript's abort ends in: the callback must stop here
                throw new com.dylibso.chicory.wasi.WasiExitException(args.length > 0 ? (int) args[0] : 1);
            }
            if (type.returns().isEmpty()) {
                return null;
            }
            long[] result = new long[type.returns().size()];
            result[0] = type.returns().get(0).equals(ValType.I32) ? Abi.UNIMPLEMENTED : 0;
            return result;
        });
    }

    /** Runs a host call; bad pointers become INVALID_MEMORY_ACCESS, while traps and interrupts propagate. */
    private static int guarded(Call call, long[] args) {
        try {
            return call.run(args);
        } catch (ChicoryInterruptedException | TrapException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            return Abi.BAD_ARGUMENT;
        } catch (IllegalStateException e) {
            return Abi.INTERNAL_FAILURE;
        } catch (RuntimeException e) {
            return Abi.INVALID_MEMORY_ACCESS;
        }
    }

    // ---------------------------------------------------------------- memory

    private Memory memory() {
        return vm.memory();
    }

    private byte[] bytes(long address, long size) {
        if (size == 0) {
            return new byte[0];
        }
        return memory().readBytes((int) address, (int) size);
    }

    private String string(long address, long size) {
        return new String(bytes(address, size), StandardCharsets.UTF_8);
    }

    private int writeI32(long address, int value) {
        memory().writeI32((int) address, value);
        return Abi.OK;
    }

    private int writeI64(long address, long value) {
        memory().writeLong((int) address, value);
        return Abi.OK;
    }

    /** Hands bytes to the module in memory it allocates (the module frees them). */
    private int returnBytes(byte[] data, long addressOut, long sizeOut) {
        int address = vm.copyIn(data);
        memory().writeI32((int) addressOut, address);
        memory().writeI32((int) sizeOut, data.length);
        return Abi.OK;
    }

    // ---------------------------------------------------------------- logging, time

    private int log(int level, String message) {
        var log = vm.plugin.moduleLog;
        switch (level) {
            case 0 -> log.trace("{}", message);
            case 1 -> log.debug("{}", message);
            case 2 -> log.info("{}", message);
            case 3 -> log.warn("{}", message);
            default -> log.error("{}", message);
        }
        WasmHttpFilter stream = vm.currentStream();
        if (stream != null) {
            stream.logged(level, message);
        }
        return Abi.OK;
    }

    private int logLevel() {
        var log = vm.plugin.moduleLog;
        return log.isTraceEnabled() ? 0 : log.isDebugEnabled() ? 1 : log.isInfoEnabled() ? 2 : log.isWarnEnabled() ? 3 : 4;
    }

    private static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    // ---------------------------------------------------------------- buffers

    private byte[] buffer(int type) {
        WasmHttpFilter stream = vm.currentStream();
        switch (type) {
            case Abi.PLUGIN_CONFIGURATION:
                return vm.plugin.config.configuration();
            case Abi.VM_CONFIGURATION:
                return vm.plugin.config.vmConfiguration();
            case Abi.HTTP_CALL_RESPONSE_BODY:
                return httpCalls().responseBody();
            case Abi.HTTP_REQUEST_BODY:
            case Abi.HTTP_RESPONSE_BODY:
                return stream == null ? null : stream.body(type == Abi.HTTP_REQUEST_BODY);
            default:
                return null;
        }
    }

    private int getBufferBytes(int type, int start, int max, long addressOut, long sizeOut) {
        byte[] data = buffer(type);
        if (data == null) {
            return Abi.NOT_FOUND;
        }
        if (start < 0 || max < 0 || start > data.length) {
            return Abi.BAD_ARGUMENT;
        }
        int end = (int) Math.min(data.length, (long) start + max);
        return returnBytes(Arrays.copyOfRange(data, start, end), addressOut, sizeOut);
    }

    private int getBufferStatus(int type, long sizeOut, long flagsOut) {
        byte[] data = buffer(type);
        if (data == null) {
            return Abi.NOT_FOUND;
        }
        writeI32(sizeOut, data.length);
        return writeI32(flagsOut, 0);
    }

    /** Replaces {@code size} bytes at {@code start} (covering Envoy's prepend, replace and append). */
    private int setBufferBytes(int type, int start, int size, byte[] value) {
        if (type != Abi.HTTP_REQUEST_BODY && type != Abi.HTTP_RESPONSE_BODY) {
            return buffer(type) == null ? Abi.NOT_FOUND : Abi.BAD_ARGUMENT;
        }
        WasmHttpFilter stream = vm.currentStream();
        byte[] data = stream == null ? null : stream.body(type == Abi.HTTP_REQUEST_BODY);
        if (data == null) {
            return Abi.NOT_FOUND;
        }
        if (start < 0 || size < 0) {
            return Abi.BAD_ARGUMENT;
        }
        int from = Math.min(start, data.length);
        int to = (int) Math.min(data.length, (long) from + size);
        byte[] result = new byte[from + value.length + data.length - to];
        System.arraycopy(data, 0, result, 0, from);
        System.arraycopy(value, 0, result, from, value.length);
        System.arraycopy(data, to, result, from + value.length, data.length - to);
        stream.replaceBody(type == Abi.HTTP_REQUEST_BODY, result);
        return Abi.OK;
    }

    // ---------------------------------------------------------------- header maps

    private List<Map.Entry<String, String>> pairs(int type) {
        if (type == Abi.HTTP_CALL_RESPONSE_HEADERS || type == Abi.HTTP_CALL_RESPONSE_TRAILERS) {
            return httpCalls().responsePairs(type == Abi.HTTP_CALL_RESPONSE_HEADERS);
        }
        WasmHttpFilter stream = vm.currentStream();
        return stream == null ? null : stream.pairs(type);
    }

    private int getPairs(int type, long addressOut, long sizeOut) {
        List<Map.Entry<String, String>> pairs = pairs(type);
        if (pairs == null) {
            return Abi.NOT_FOUND;
        }
        return returnBytes(HeaderMaps.serialize(pairs), addressOut, sizeOut);
    }

    private int getMapSize(int type, long sizeOut) {
        List<Map.Entry<String, String>> pairs = pairs(type);
        if (pairs == null) {
            return Abi.NOT_FOUND;
        }
        return writeI32(sizeOut, HeaderMaps.serialize(pairs).length);
    }

    private int getValue(int type, String key, long addressOut, long sizeOut) {
        List<Map.Entry<String, String>> pairs = pairs(type);
        if (pairs == null) {
            return Abi.NOT_FOUND;
        }
        String name = key.toLowerCase(java.util.Locale.ROOT);
        List<String> values = new ArrayList<>(1);
        for (Map.Entry<String, String> pair : pairs) {
            if (pair.getKey().equals(name)) {
                values.add(pair.getValue());
            }
        }
        if (values.isEmpty()) {
            return Abi.NOT_FOUND;
        }
        return returnBytes(String.join(",", values).getBytes(StandardCharsets.UTF_8), addressOut, sizeOut);
    }

    private int setPairs(int type, byte[] serialized) {
        WasmHttpFilter stream = vm.currentStream();
        if (stream == null) {
            return Abi.NOT_FOUND;
        }
        return stream.setPairs(type, HeaderMaps.parse(serialized));
    }

    private int edit(int type, WasmHttpFilter.Edit edit, String key, String value) {
        WasmHttpFilter stream = vm.currentStream();
        if (stream == null) {
            return Abi.NOT_FOUND;
        }
        return stream.edit(type, edit, key.toLowerCase(java.util.Locale.ROOT), value);
    }

    // ---------------------------------------------------------------- streams and replies

    private int continueStream(int type) {
        WasmHttpFilter stream = vm.currentStream();
        if (stream == null) {
            return Abi.NOT_FOUND;
        }
        if (type != Abi.STREAM_HTTP_REQUEST && type != Abi.STREAM_HTTP_RESPONSE) {
            return Abi.BAD_ARGUMENT;
        }
        stream.continueStream(type == Abi.STREAM_HTTP_REQUEST);
        return Abi.OK;
    }

    private int sendLocalResponse(int status, String details, byte[] body, byte[] headers) {
        WasmHttpFilter stream = vm.currentStream();
        if (stream == null) {
            return Abi.NOT_FOUND;
        }
        if (status < 200 || status > 599) {
            return Abi.BAD_ARGUMENT;
        }
        stream.localResponse(status, details, body, HeaderMaps.parse(headers));
        return Abi.OK;
    }

    // ---------------------------------------------------------------- properties

    private int getProperty(String path, long addressOut, long sizeOut) {
        WasmHttpFilter stream = vm.currentStream();
        byte[] value = rootProperties.get(path);
        if (value == null && stream != null) {
            value = stream.property(path);
        }
        if (value == null) {
            value = pluginProperty(path);
        }
        if (value == null) {
            return Abi.NOT_FOUND;
        }
        return returnBytes(value, addressOut, sizeOut);
    }

    private byte[] pluginProperty(String path) {
        String value = switch (path) {
            case "plugin_name" -> vm.plugin.name;
            case "plugin_root_id" -> vm.plugin.config.rootId();
            case "plugin_vm_id" -> vm.plugin.name;
            default -> null;
        };
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private int setProperty(String path, byte[] value) {
        WasmHttpFilter stream = vm.currentStream();
        if (stream != null) {
            stream.setProperty(path, value);
        } else if (rootProperties.size() < 1000) {
            rootProperties.put(path, value);
        } else {
            return Abi.INTERNAL_FAILURE;
        }
        return Abi.OK;
    }

    // ---------------------------------------------------------------- shared data and queues

    private int getSharedData(String key, long addressOut, long sizeOut, long casOut) {
        SharedState.Entry entry = SharedState.PROCESS.get(vm.plugin.name, key);
        if (entry == null) {
            return Abi.NOT_FOUND;
        }
        returnBytes(entry.value(), addressOut, sizeOut);
        return writeI32(casOut, entry.cas());
    }

    private int registerQueue(String name, long idOut) {
        var self = new java.lang.ref.WeakReference<>(vm);
        java.util.concurrent.Executor loop = vm.eventLoop;
        int id = SharedState.PROCESS.register(vm.plugin.name, name, queue -> {
            ProxyWasmVm target = self.get();
            if (target != null && loop != null) {
                loop.execute(() -> {
                    if (!target.broken()) {
                        target.runRootCallback("proxy_on_queue_ready", ProxyWasmVm.ROOT_CONTEXT_ID, queue);
                    }
                });
            }
        });
        return writeI32(idOut, id);
    }

    private int resolveQueue(String vmId, String name, long idOut) {
        int id = SharedState.PROCESS.resolve(vmId.isEmpty() ? vm.plugin.name : vmId, name);
        if (id < 0) {
            return Abi.NOT_FOUND;
        }
        return writeI32(idOut, id);
    }

    private int dequeue(int id, long addressOut, long sizeOut) {
        if (!SharedState.PROCESS.queueExists(id)) {
            return Abi.NOT_FOUND;
        }
        byte[] item = SharedState.PROCESS.dequeue(id);
        if (item == null) {
            return Abi.EMPTY;
        }
        return returnBytes(item, addressOut, sizeOut);
    }

    // ---------------------------------------------------------------- metrics

    private int defineMetric(int type, String name, long idOut) {
        if (type < Abi.METRIC_COUNTER || type > Abi.METRIC_HISTOGRAM || name.isEmpty()) {
            return Abi.BAD_ARGUMENT;
        }
        Integer id = metricIds.get(type + ":" + name);
        if (id == null) {
            WasmMetrics.Metric metric = vm.plugin.metrics.metric(vm.plugin.name, type, name);
            if (metric == null) {
                return Abi.INTERNAL_FAILURE;
            }
            id = metrics.size() + 1;
            metrics.put(id, metric);
            metricIds.put(type + ":" + name, id);
        }
        return writeI32(idOut, id);
    }

    private int withMetric(long id, java.util.function.ToIntFunction<WasmMetrics.Metric> action) {
        WasmMetrics.Metric metric = metrics.get((int) id);
        return metric == null ? Abi.NOT_FOUND : action.applyAsInt(metric);
    }

    // ---------------------------------------------------------------- HTTP calls

    private WasmHttpCalls httpCalls;

    WasmHttpCalls httpCalls() {
        if (httpCalls == null) {
            httpCalls = new WasmHttpCalls(vm);
        }
        return httpCalls;
    }

    private int httpCall(String cluster, byte[] headers, byte[] body, byte[] trailers, int timeoutMillis, long idOut) {
        int id = httpCalls().dispatch(cluster, HeaderMaps.parse(headers), body, timeoutMillis);
        if (id < 0) {
            return -id;
        }
        return writeI32(idOut, id);
    }

    private int getStatus(long codeOut, long messageOut, long messageSizeOut) {
        WasmHttpCalls.Status status = httpCalls().status();
        if (status == null) {
            return Abi.NOT_FOUND;
        }
        writeI32(codeOut, status.code());
        return returnBytes(status.message().getBytes(StandardCharsets.UTF_8), messageOut, messageSizeOut);
    }

    /** An integer property as Envoy serializes it: 8 bytes, little-endian. */
    static byte[] int64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }
}
