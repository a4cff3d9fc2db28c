package dev.gatehouse.engine.wasm;

import dev.gatehouse.engine.observe.GatewayMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Metrics modules define ({@code proxy_define_metric}) and the host's own Wasm counters, in the
 * gateway's Prometheus registry: {@code gatehouse_wasm_counter_total}, {@code gatehouse_wasm_gauge}
 * and {@code gatehouse_wasm_histogram}, labelled with the filter and the module's metric name, and
 * {@code gatehouse_wasm_failures_total{filter,reason}}, and
 * {@code gatehouse_wasm_http_calls_total{filter,cluster,outcome}} for {@code proxy_http_call}s (which
 * also count as attempts in the cluster's own upstream metrics). One instance per gateway registry.
 */
final class WasmMetrics {
    private static final Map<GatewayMetrics, WasmMetrics> BY_GATEWAY = new WeakHashMap<>();
    /** Distinct module metrics per gateway, so a module cannot grow the registry without bound. */
    static final int MAX_METRICS = 1000;

    private final Counter counters;
    private final Gauge gauges;
    private final Histogram histograms;
    private final Counter failures;
    private final Counter vmStarts;
    private final Counter httpCalls;
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();

    private WasmMetrics(GatewayMetrics metrics) {
        counters = metrics.counter("gatehouse_wasm_counter_total", "Counters defined by Wasm modules", "filter", "name");
        failures = metrics.counter("gatehouse_wasm_failures_total",
                "Wasm callbacks that trapped, overran their time or memory, or found their VM broken", "filter", "reason");
        vmStarts = metrics.counter("gatehouse_wasm_vm_starts_total", "Wasm VMs started (one per event loop, again after a failure)",
                "filter");
        httpCalls = metrics.counter("gatehouse_wasm_http_calls_total",
                "proxy_http_call calls by outcome: 2xx..5xx, timeout, connect_failure, reset, overflow, no_endpoint",
                "filter", "cluster", "outcome");
        gauges = Gauge.builder().name("gatehouse_wasm_gauge").help("Gauges defined by Wasm modules")
                .labelNames("filter", "name").register(metrics.registry());
        histograms = Histogram.builder().name("gatehouse_wasm_histogram").help("Histograms defined by Wasm modules")
                .labelNames("filter", "name").register(metrics.registry());
    }

    static synchronized WasmMetrics of(GatewayMetrics metrics) {
        return BY_GATEWAY.computeIfAbsent(metrics, WasmMetrics::new);
    }

    void failure(String filter, String reason) {
        failures.labelValues(filter, reason).inc();
    }

    void httpCall(String filter, String cluster, String outcome) {
        httpCalls.labelValues(filter, cluster, outcome).inc();
    }

    void vmStarted(String filter) {
        vmStarts.labelValues(filter).inc();
    }

    /** A module's metric, by type; null when too many exist already. */
    Metric metric(String filter, int type, String name) {
        String key = filter + '\0' + type + '\0' + name;
        if (!values.containsKey(key) && values.size() >= MAX_METRICS) {
            return null;
        }
        AtomicLong value = values.computeIfAbsent(key, k -> new AtomicLong());
        return new Metric(type, filter, name, value);
    }

    /** One module metric: the Prometheus series and the value {@code proxy_get_metric} reads back. */
    final class Metric {
        final int type;
        private final String filter;
        private final String name;
        private final AtomicLong value;

        Metric(int type, String filter, String name, AtomicLong value) {
            this.type = type;
            this.filter = filter;
            this.name = name;
            this.value = value;
        }

        int increment(long delta) {
            if (type == Abi.METRIC_COUNTER) {
                if (delta < 0) {
                    return Abi.BAD_ARGUMENT;
                }
                counters.labelValues(filter, name).inc(delta);
                value.addAndGet(delta);
                return Abi.OK;
            }
            if (type == Abi.METRIC_GAUGE) {
                gauges.labelValues(filter, name).set(value.addAndGet(delta));
                return Abi.OK;
            }
            return Abi.BAD_ARGUMENT;
        }

        int record(long recorded) {
            if (type == Abi.METRIC_GAUGE) {
                value.set(recorded);
                gauges.labelValues(filter, name).set(recorded);
            } else if (type == Abi.METRIC_HISTOGRAM) {
                value.set(recorded);
                histograms.labelValues(filter, name).observe(recorded);
            } else {
                long delta = recorded - value.get();
                if (delta > 0) {
                    counters.labelValues(filter, name).inc(delta);
                }
                value.set(Math.max(recorded, value.get()));
            }
            return Abi.OK;
        }

        long get() {
            return value.get();
        }
    }
}
