package dev.gatehouse.engine.observe;

import dev.gatehouse.engine.tls.HandshakeTasks;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every metric the engine keeps, in one Prometheus registry per gateway (so several gateways in one
 * JVM, as in tests, never share counters). The client library stripes its counters, so hot-path
 * increments from many event loops do not contend; callers cache the label handles they use per
 * request (see {@link RouteMetrics}).
 */
public final class GatewayMetrics {
    private static final double[] LATENCY_BUCKETS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder()
            .name("gatehouse_requests_total")
            .help("Downstream requests completed, by listener, route, cluster and status class")
            .labelNames("listener", "route", "cluster", "code_class")
            .register(registry);
    private final Histogram requestDuration = Histogram.builder()
            .name("gatehouse_request_duration_seconds")
            .help("Time from request headers received to response complete")
            .unit(Unit.SECONDS)
            .classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars()
            .labelNames("listener", "route")
            .register(registry);
    private final Histogram upstreamDuration = Histogram.builder()
            .name("gatehouse_upstream_request_duration_seconds")
            .help("Time from an upstream attempt's request sent to its response complete")
            .unit(Unit.SECONDS)
            .classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars()
            .labelNames("cluster")
            .register(registry);
    private final Counter upstreamRequests = Counter.builder()
            .name("gatehouse_upstream_requests_total")
            .help("Upstream attempts, by cluster and outcome (2xx..5xx, connect_failure, reset, timeout)")
            .labelNames("cluster", "outcome")
            .register(registry);
    private final Counter retries = Counter.builder()
            .name("gatehouse_upstream_retries_total")
            .help("Upstream retries started, by cluster")
            .labelNames("cluster")
            .register(registry);
    private final Counter retriesRefused = Counter.builder()
            .name("gatehouse_upstream_retries_refused_total")
            .help("Retries not started, by cluster and reason (budget, circuit_breaker, body_too_large)")
            .labelNames("cluster", "reason")
            .register(registry);
    private final Counter breakerOverflows = Counter.builder()
            .name("gatehouse_circuit_breaker_overflows_total")
            .help("Requests, connections and retries refused by a cluster's circuit breaker, by cluster and breaker")
            .labelNames("cluster", "breaker")
            .register(registry);
    private final Counter outlierEjections = Counter.builder()
            .name("gatehouse_outlier_ejections_total")
            .help("Outlier detections by cluster, reason and whether the endpoint was ejected (enforced) or not")
            .labelNames("cluster", "reason", "enforced")
            .register(registry);
    private final Counter healthChecks = Counter.builder()
            .name("gatehouse_health_checks_total")
            .help("Active health checks by cluster and result (success, failure, timeout)")
            .labelNames("cluster", "result")
            .register(registry);
    private final Counter localReplies = Counter.builder()
            .name("gatehouse_local_replies_total")
            .help("Responses the gateway made itself, by listener and response flag")
            .labelNames("listener", "flag")
            .register(registry);
    private final Counter protocolErrors = Counter.builder()
            .name("gatehouse_downstream_protocol_errors_total")
            .help("Requests rejected by strict HTTP parsing or limits, by listener and reason")
            .labelNames("listener", "reason")
            .register(registry);
    private final Counter filterErrors = Counter.builder()
            .name("gatehouse_filter_errors_total")
            .help("Filter calls that threw (the request got a 500 FE), by listener and filter")
            .labelNames("listener", "filter")
            .register(registry);
    private final Counter connections = Counter.builder()
            .name("gatehouse_downstream_connections_total")
            .help("Downstream connections accepted, by listener")
            .labelNames("listener")
            .register(registry);
    private final Counter connectionsRejected = Counter.builder()
            .name("gatehouse_downstream_connections_rejected_total")
            .help("Downstream connections closed at accept because the listener was at max_connections")
            .labelNames("listener")
            .register(registry);
    private final Gauge activeConnections = Gauge.builder()
            .name("gatehouse_downstream_connections_active")
            .help("Open downstream connections, by listener")
            .labelNames("listener")
            .register(registry);
    private final Gauge activeRequests = Gauge.builder()
            .name("gatehouse_downstream_requests_active")
            .help("Requests in flight, by listener")
            .labelNames("listener")
            .register(registry);
    private final Counter bytesReceived = Counter.builder()
            .name("gatehouse_downstream_body_bytes_received_total")
            .help("Request body bytes received from clients, by listener")
            .labelNames("listener")
            .register(registry);
    private final Counter bytesSent = Counter.builder()
            .name("gatehouse_downstream_body_bytes_sent_total")
            .help("Response body bytes sent to clients, by listener")
            .labelNames("listener")
            .register(registry);
    private final Counter tlsHandshakes = Counter.builder()
            .name("gatehouse_downstream_tls_handshakes_total")
            .help("TLS handshakes completed, by listener, TLS version and the protocol ALPN chose")
            .labelNames("listener", "version", "alpn")
            .register(registry);
    private final Counter tlsHandshakeFailures = Counter.builder()
            .name("gatehouse_downstream_tls_handshake_failures_total")
            .help("TLS handshakes that failed, by listener and reason (not_tls, protocol_version, timeout, ...)")
            .labelNames("listener", "reason")
            .register(registry);
    /** Process-wide, like the JVM metrics: the handshake pool is shared by every gateway in the process. */
    private final CounterWithCallback tlsHandshakeTasks = CounterWithCallback.builder()
            .name("gatehouse_tls_handshake_tasks_total")
            .help("TLS handshake work (the SSLEngine's delegated tasks) done in this process, by where it ran: "
                    + "pool (off the event loops) or event_loop (the pool's queue was full)")
            .labelNames("ran_on")
            .callback(callback -> {
                callback.call(HandshakeTasks.ranOnPool(), "pool");
                callback.call(HandshakeTasks.ranOnEventLoop(), "event_loop");
            })
            .register(registry);
    private final Counter certificateReloads = Counter.builder()
            .name("gatehouse_tls_certificate_reloads_total")
            .help("Listener certificates reloaded after their files changed, by listener and result (reloaded, failed)")
            .labelNames("listener", "result")
            .register(registry);
    private final Counter configApplies = Counter.builder()
            .name("gatehouse_config_applies_total")
            .help("Config apply attempts, by result (applied, rejected)")
            .labelNames("result")
            .register(registry);
    private final Gauge configVersion = Gauge.builder()
            .name("gatehouse_config_version")
            .help("Version number of the config now serving")
            .register(registry);

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Registers a gauge whose values are read at scrape time, e.g. pool sizes or endpoint health. */
    public void gaugeCallback(String name, String help, String[] labelNames,
                              Consumer<GaugeWithCallback.Callback> reader) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(labelNames)
                .callback(reader::accept).register(registry);
    }

    /** The Prometheus text exposition format (version 0.0.4). */
    public String scrapeText() {
        var out = new ByteArrayOutputStream(16 * 1024);
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    private final Map<String, Counter> extraCounters = new ConcurrentHashMap<>();

    /**
     * A counter a filter or other extension keeps (registered on first use; the same name returns the
     * same counter, so config applies can ask again).
     */
    public Counter counter(String name, String help, String... labelNames) {
        return extraCounters.computeIfAbsent(name, n -> Counter.builder().name(n).help(help).labelNames(labelNames)
                .register(registry));
    }

    public ListenerMetrics listener(String listener) {
        return new ListenerMetrics(listener);
    }

    public RouteMetrics route(String listener, String route) {
        return new RouteMetrics(listener, route);
    }

    public ClusterMetrics cluster(String cluster) {
        return new ClusterMetrics(cluster);
    }

    public void configApplied(long version) {
        configApplies.labelValues("applied").inc();
        configVersion.set(version);
    }

    public void configRejected() {
        configApplies.labelValues("rejected").inc();
    }

    /** Label handles for one listener, resolved once per connection instead of per request. */
    public final class ListenerMetrics {
        private final String listener;
        public final CounterDataPoint connectionsAccepted;
        public final CounterDataPoint connectionsRejected;
        public final GaugeDataPoint connectionsActive;
        public final GaugeDataPoint requestsActive;
        public final CounterDataPoint bodyBytesReceived;
        public final CounterDataPoint bodyBytesSent;

        private ListenerMetrics(String listener) {
            this.listener = listener;
            this.connectionsAccepted = connections.labelValues(listener);
            this.connectionsRejected = GatewayMetrics.this.connectionsRejected.labelValues(listener);
            this.connectionsActive = activeConnections.labelValues(listener);
            this.requestsActive = activeRequests.labelValues(listener);
            this.bodyBytesReceived = bytesReceived.labelValues(listener);
            this.bodyBytesSent = bytesSent.labelValues(listener);
        }

        public void localReply(String flag) {
            localReplies.labelValues(listener, flag).inc();
        }

        public void filterError(String filter) {
            filterErrors.labelValues(listener, filter).inc();
        }

        public void protocolError(String reason) {
            protocolErrors.labelValues(listener, reason).inc();
        }

        /** Once per TLS connection: its version ({@code TLSv1.3}) and the ALPN protocol it speaks. */
        public void tlsHandshake(String version, String protocol) {
            tlsHandshakes.labelValues(listener, version, protocol).inc();
        }

        /** @param reason a {@code HandshakeFailure} reason */
        public void tlsHandshakeFailure(String reason) {
            tlsHandshakeFailures.labelValues(listener, reason).inc();
        }

        /** @param result {@code reloaded} or {@code failed} */
        public void certificateReload(String result) {
            certificateReloads.labelValues(listener, result).inc();
        }
    }

    /** Label handles for one route on one listener, resolved once and cached per cluster and status class. */
    public final class RouteMetrics {
        private static final String[] CLASSES = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
        private final String listener;
        private final String route;
        private final DistributionDataPoint duration;
        private final Map<String, CounterDataPoint[]> byCluster = new ConcurrentHashMap<>();

        private RouteMetrics(String listener, String route) {
            this.listener = listener;
            this.route = route;
            this.duration = requestDuration.labelValues(listener, route);
        }

        public void completed(String cluster, int status, long durationNanos) {
            CounterDataPoint[] classes = byCluster.computeIfAbsent(cluster, c -> new CounterDataPoint[CLASSES.length]);
            int index = status >= 100 && status < 600 ? status / 100 : 0;
            CounterDataPoint point = classes[index];
            if (point == null) {
                point = requests.labelValues(listener, route, cluster, CLASSES[index]);
                classes[index] = point; // a benign race: both threads get the same data point
            }
            point.inc();
            duration.observe(durationNanos / 1e9);
        }
    }

    /** Label handles for one cluster. */
    public final class ClusterMetrics {
        private final String cluster;
        private final DistributionDataPoint duration;
        private final Map<String, CounterDataPoint> outcomes = new ConcurrentHashMap<>();
        public final CounterDataPoint retriesStarted;

        private ClusterMetrics(String cluster) {
            this.cluster = cluster;
            this.duration = upstreamDuration.labelValues(cluster);
            this.retriesStarted = retries.labelValues(cluster);
        }

        public void attempt(String outcome, long durationNanos) {
            outcomes.computeIfAbsent(outcome, o -> upstreamRequests.labelValues(cluster, o)).inc();
            if (durationNanos >= 0) {
                duration.observe(durationNanos / 1e9);
            }
        }

        public void retryRefused(String reason) {
            retriesRefused.labelValues(cluster, reason).inc();
        }

        /** @param breaker max_connections, max_pending_requests, max_requests or max_retries */
        public void breakerOverflow(String breaker) {
            breakerOverflows.labelValues(cluster, breaker).inc();
        }

        public void outlierDetected(String reason, boolean enforced) {
            outlierEjections.labelValues(cluster, reason, Boolean.toString(enforced)).inc();
        }

        public void healthCheck(String result) {
            healthChecks.labelValues(cluster, result).inc();
        }
    }

    public static String codeClass(int status) {
        return switch (status / 100) {
            case 1 -> "1xx";
            case 2 -> "2xx";
            case 3 -> "3xx";
            case 4 -> "4xx";
            case 5 -> "5xx";
            default -> "other";
        };
    }
}
