package dev.gatehouse.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gatehouse.engine.config.ClusterConfig.ConnectionPoolSettings;
import dev.gatehouse.engine.config.ClusterConfig.Discovery;
import dev.gatehouse.engine.config.ClusterConfig.HashPolicy;
import dev.gatehouse.engine.config.ClusterConfig.UpstreamProtocol;
import dev.gatehouse.engine.config.RetryPolicy.RetryBudget;
import dev.gatehouse.engine.config.RetryPolicy.RetryOn;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@link GatewayConfig} as canonical YAML (or JSON): sections and keys in schema order,
 * values equal to their defaults and empty lists left out, durations in the largest exact unit
 * (15s, 250ms, 2m) and sizes in the largest exact binary unit (64KiB). The same config always
 * gives the same text, and {@link ConfigLoader} reads it back to an equal config, which is what
 * lets the workbench edit a config graphically and save it as readable YAML.
 *
 * <p>File paths (certificates, keys) are written absolute, so the text loads the same wherever it is
 * saved; given the directory it will be saved in, paths below it are written relative to it instead.
 */
public final class ConfigExporter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final FilterTypes FILTER_TYPES = FilterTypes.discover();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // "1" stays a string on the page, as it is in the model.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigExporter() {
    }

    /** The canonical YAML text of {@code config}; {@link ConfigLoader} reads it back to an equal config. */
    public static String toYaml(GatewayConfig config) {
        return write(YAML, config, null);
    }

    /**
     * The canonical YAML text of {@code config} for a file in {@code baseDirectory}: paths below that
     * directory are written relative to it, and load back equal from a file there.
     */
    public static String toYaml(GatewayConfig config, Path baseDirectory) {
        return write(YAML, config, Objects.requireNonNull(baseDirectory, "baseDirectory"));
    }

    /** The same document as {@link #toYaml(GatewayConfig)}, as pretty-printed JSON. */
    public static String toJson(GatewayConfig config) {
        return write(JSON, config, null) + "\n";
    }

    /** The same document as {@link #toYaml(GatewayConfig, Path)}, as pretty-printed JSON. */
    public static String toJson(GatewayConfig config, Path baseDirectory) {
        return write(JSON, config, Objects.requireNonNull(baseDirectory, "baseDirectory")) + "\n";
    }

    private static String write(ObjectMapper mapper, GatewayConfig config, Path baseDirectory) {
        Objects.requireNonNull(config, "config");
        Path base = baseDirectory == null ? null : baseDirectory.toAbsolutePath().normalize();
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(document(config, base));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a config tree", e);
        }
    }

    private static ObjectNode document(GatewayConfig config, Path base) {
        ObjectNode root = NODES.objectNode();
        putIfNotEmpty(root, "engine", engine(config.engine()));
        putIfNotEmpty(root, "admin", admin(config.admin()));
        putIfNotEmpty(root, "observability", observability(config.observability()));
        ArrayNode filters = root.putArray("filters");
        for (FilterConfig f : config.filters()) {
            ObjectNode filter = filters.addObject();
            putString(filter, "name", f.name());
            putString(filter, "type", f.type());
            if (!f.config().isEmpty()) {
                ObjectNode settings = f.config().deepCopy();
                for (String key : FILTER_TYPES.fileSettings(f.type())) {
                    JsonNode value = settings.get(key);
                    if (value != null && value.isTextual() && !value.asText().contains("://")) {
                        settings.remove(key);
                        putPath(settings, key, Path.of(value.asText()), base);
                    }
                }
                filter.set("config", settings);
            }
        }
        ArrayNode consumers = root.putArray("consumers");
        config.consumers().forEach(c -> consumers.add(consumer(c)));
        ArrayNode listeners = root.putArray("listeners");
        config.listeners().forEach(l -> listeners.add(listener(l, base)));
        ArrayNode virtualHosts = root.putArray("virtual_hosts");
        List<VirtualHostConfig> declared = declaredVirtualHosts(config);
        declared.forEach(v -> virtualHosts.add(virtualHost(v)));
        ArrayNode routes = root.putArray("routes");
        for (int i = 0; i < config.routes().size(); i++) {
            routes.add(route(config.routes().get(i), i));
        }
        ArrayNode clusters = root.putArray("clusters");
        config.clusters().forEach(c -> clusters.add(cluster(c, base)));
        ArrayNode demoBackends = root.putArray("demo_backends");
        config.demoBackends().forEach(b -> demoBackends.add(demoBackend(b, base)));
        root.properties().removeIf(e -> e.getValue().isEmpty());
        return root;
    }

    private static ObjectNode consumer(ConsumerConfig consumer) {
        ObjectNode node = NODES.objectNode();
        putString(node, "name", consumer.name());
        if (!consumer.tier().equals(ConsumerConfig.DEFAULT_TIER)) {
            putString(node, "tier", consumer.tier());
        }
        putStrings(node, "keys", consumer.keys().stream().map(ApiKey::written).toList());
        putStringMap(node, "attributes", consumer.attributes());
        return node;
    }

    private static ObjectNode engine(EngineSettings engine) {
        EngineSettings defaults = EngineSettings.DEFAULTS;
        ObjectNode node = NODES.objectNode();
        putIfChanged(node, "workers", engine.workers(), defaults.workers());
        putDurationIfChanged(node, "drain_time", engine.drainTime(), defaults.drainTime());
        putIfChanged(node, "versions_kept", engine.versionsKept(), defaults.versionsKept());
        if (engine.transport() != defaults.transport()) {
            putString(node, "transport", lowerCase(engine.transport()));
        }
        return node;
    }

    private static ObjectNode observability(ObservabilityConfig observability) {
        ObjectNode node = NODES.objectNode();
        putIfChanged(node, "tap_capacity", observability.tapCapacity(), ObservabilityConfig.DEFAULTS.tapCapacity());
        ObservabilityConfig.AccessLogConfig log = observability.accessLog();
        if (log != null) {
            ObjectNode logNode = node.putObject("access_log");
            putString(logNode, "path", log.path());
            if (!log.fields().isEmpty()) {
                ArrayNode fields = logNode.putArray("fields");
                log.fields().forEach(fields::add);
            }
        }
        ObservabilityConfig.CaptureConfig capture = observability.capture();
        if (capture.any()) {
            ObjectNode captureNode = node.putObject("capture");
            captureNode.put("headers", capture.headers());
            putSizeIfChanged(captureNode, "body_bytes", capture.bodyBytes(), 0); // 0 is no size the loader takes
        }
        return node;
    }

    private static ObjectNode admin(AdminConfig admin) {
        AdminConfig defaults = AdminConfig.DEFAULTS;
        ObjectNode node = NODES.objectNode();
        if (admin.enabled() != defaults.enabled()) {
            node.put("enabled", admin.enabled());
        }
        if (!admin.address().equals(defaults.address())) {
            putString(node, "address", admin.address().toString());
        }
        putString(node, "token", admin.token());
        return node;
    }

    private static ObjectNode listener(ListenerConfig listener, Path base) {
        ObjectNode node = NODES.objectNode();
        putString(node, "name", listener.name());
        putString(node, "address", listener.address().toString());
        putStrings(node, "virtual_hosts", listener.virtualHosts());
        if (!listener.http2()) {
            node.put("http2", false);
        }
        if (listener.tls() != null) {
            node.set("tls", listenerTls(listener.tls(), base));
        }
        putIfChanged(node, "trusted_hops", listener.trustedHops(), 0);
        putIfNotEmpty(node, "limits", limits(listener.limits()));
        if (!listener.filters().isEmpty()) {
            ArrayNode chain = node.putArray("filters");
            listener.filters().forEach(chain::add);
        }
        if (listener.traceHeader()) {
            node.put("trace_header", true);
        }
        return node;
    }

    private static ObjectNode listenerTls(ListenerTlsConfig tls, Path base) {
        ObjectNode node = NODES.objectNode();
        ArrayNode certificates = node.putArray("certificates");
        for (ListenerTlsConfig.ServerCertificate certificate : tls.certificates()) {
            ObjectNode c = certificates.addObject();
            putPath(c, "cert", certificate.files().cert(), base);
            putPath(c, "key", certificate.files().key(), base);
            putStrings(c, "server_names", certificate.serverNames());
        }
        if (tls.minVersion() != ListenerTlsConfig.DEFAULT_MIN_VERSION) {
            putString(node, "min_version", tls.minVersion().configName());
        }
        putStrings(node, "cipher_suites", tls.cipherSuites());
        putStrings(node, "alpn", tls.alpn());
        putDurationIfChanged(node, "session_timeout", tls.sessionTimeout(), ListenerTlsConfig.DEFAULT_SESSION_TIMEOUT);
        putIfChanged(node, "session_cache_size", tls.sessionCacheSize(), ListenerTlsConfig.DEFAULT_SESSION_CACHE_SIZE);
        putDurationIfChanged(node, "reload_interval", tls.reloadInterval(), ListenerTlsConfig.DEFAULT_RELOAD_INTERVAL);
        if (tls.clientCa() != null) {
            putPath(node, "client_ca", tls.clientCa(), base);
        }
        if (tls.requireClientCertificate()) {
            node.put("require_client_certificate", true);
        }
        return node;
    }

    private static ObjectNode limits(ListenerLimits limits) {
        ListenerLimits defaults = ListenerLimits.DEFAULTS;
        ObjectNode node = NODES.objectNode();
        putSizeIfChanged(node, "max_request_line_bytes", limits.maxRequestLineBytes(), defaults.maxRequestLineBytes());
        putSizeIfChanged(node, "max_header_bytes", limits.maxHeaderBytes(), defaults.maxHeaderBytes());
        putIfChanged(node, "max_headers", limits.maxHeaders(), defaults.maxHeaders());
        putDurationIfChanged(node, "idle_timeout", limits.idleTimeout(), defaults.idleTimeout());
        putDurationIfChanged(node, "request_headers_timeout", limits.requestHeadersTimeout(),
                defaults.requestHeadersTimeout());
        putIfChanged(node, "max_connections", limits.maxConnections(), defaults.maxConnections());
        return node;
    }

    /**
     * Leaves out the implicit default virtual host when the loader would add it back: last in the
     * list, exactly as implicit, and referred to by a route or listener.
     */
    private static List<VirtualHostConfig> declaredVirtualHosts(GatewayConfig config) {
        List<VirtualHostConfig> virtualHosts = config.virtualHosts();
        if (virtualHosts.isEmpty() || !virtualHosts.get(virtualHosts.size() - 1).equals(VirtualHostConfig.IMPLICIT_DEFAULT)) {
            return virtualHosts;
        }
        String name = VirtualHostConfig.DEFAULT_NAME;
        boolean referred = config.routes().stream().anyMatch(r -> r.virtualHost().equals(name))
                || config.listeners().stream().anyMatch(l -> l.virtualHosts().contains(name));
        return referred ? virtualHosts.subList(0, virtualHosts.size() - 1) : virtualHosts;
    }

    private static ObjectNode virtualHost(VirtualHostConfig virtualHost) {
        ObjectNode node = NODES.objectNode();
        putString(node, "name", virtualHost.name());
        putStrings(node, "domains", virtualHost.domains());
        return node;
    }

    private static ObjectNode route(RouteConfig route, int index) {
        ObjectNode node = NODES.objectNode();
        if (!route.name().equals(RouteBinder.defaultName(index))) {
            putString(node, "name", route.name());
        }
        if (!route.virtualHost().equals(VirtualHostConfig.DEFAULT_NAME)) {
            putString(node, "virtual_host", route.virtualHost());
        }
        node.set("match", match(route.match()));
        action(node, route.action());
        if (route.rewrite() != null) {
            putIfNotEmpty(node, "rewrite", rewrite(route.rewrite()));
        }
        putDurationIfChanged(node, "timeout", route.timeout(), RouteConfig.DEFAULT_TIMEOUT);
        if (route.retry() != null) {
            node.set("retry", retry(route.retry()));
        }
        putIfNotEmpty(node, "request_headers", headerMutations(route.requestHeaders()));
        putIfNotEmpty(node, "response_headers", headerMutations(route.responseHeaders()));
        if (!route.filterOverrides().isEmpty()) {
            ObjectNode overrides = node.putObject("filter_overrides");
            route.filterOverrides().forEach((name, o) -> {
                ObjectNode one = overrides.putObject(name);
                if (o.disabled()) {
                    one.put("disabled", true);
                }
                if (o.config() != null) {
                    one.set("config", o.config().deepCopy());
                }
            });
        }
        return node;
    }

    private static ObjectNode match(RouteMatch match) {
        ObjectNode node = NODES.objectNode();
        putString(node, "prefix", match.prefix());
        putString(node, "path", match.path());
        putString(node, "regex", match.regex());
        if (!match.caseSensitive()) {
            node.put("case_sensitive", false);
        }
        putStrings(node, "methods", match.methods());
        ArrayNode headers = node.putArray("headers");
        for (HeaderMatch header : match.headers()) {
            ObjectNode h = headers.addObject();
            putString(h, "name", header.name());
            putString(h, "exact", header.exact());
            putString(h, "regex", header.regex());
            if (header.present() != null) {
                h.put(header.present() ? "present" : "absent", true);
            }
            if (header.invert()) {
                h.put("invert", true);
            }
        }
        ArrayNode query = node.putArray("query");
        for (QueryMatch parameter : match.query()) {
            ObjectNode q = query.addObject();
            putString(q, "name", parameter.name());
            putString(q, "exact", parameter.exact());
            putString(q, "regex", parameter.regex());
            if (parameter.present() != null) {
                q.put("present", parameter.present());
            }
        }
        removeEmpty(node, "headers", "query");
        return node;
    }

    private static void action(ObjectNode route, RouteAction action) {
        if (action instanceof RouteAction.Cluster cluster) {
            putString(route, "cluster", cluster.cluster());
        } else if (action instanceof RouteAction.WeightedClusters weighted) {
            ArrayNode split = route.putArray("weighted_clusters");
            for (RouteAction.WeightedCluster w : weighted.clusters()) {
                ObjectNode item = split.addObject();
                putString(item, "cluster", w.cluster());
                item.put("weight", w.weight());
            }
        } else if (action instanceof RouteAction.DirectResponse response) {
            ObjectNode node = route.putObject("direct_response");
            node.put("status", response.status());
            if (!response.body().isEmpty()) {
                putString(node, "body", response.body());
            }
            putString(node, "content_type", response.contentType());
        } else if (action instanceof RouteAction.Redirect redirect) {
            ObjectNode node = route.putObject("redirect");
            putString(node, "scheme", redirect.scheme());
            putString(node, "host", redirect.host());
            if (redirect.port() != null) {
                node.put("port", redirect.port());
            }
            putString(node, "path", redirect.path());
            putString(node, "prefix_rewrite", redirect.prefixRewrite());
            putIfChanged(node, "status", redirect.status(), RouteAction.Redirect.DEFAULT_STATUS);
            if (redirect.stripQuery()) {
                node.put("strip_query", true);
            }
        }
    }

    private static ObjectNode rewrite(Rewrite rewrite) {
        ObjectNode node = NODES.objectNode();
        putString(node, "prefix", rewrite.prefix());
        putString(node, "regex", rewrite.regex());
        putString(node, "substitution", rewrite.substitution());
        putString(node, "host", rewrite.host());
        return node;
    }

    private static ObjectNode retry(RetryPolicy retry) {
        ObjectNode node = NODES.objectNode();
        ArrayNode on = node.putArray("on");
        // Enum order, not set order, so the text is stable.
        for (RetryOn condition : RetryOn.values()) {
            if (retry.retryOn().contains(condition)) {
                on.add(condition.configName());
            }
        }
        putIfChanged(node, "num_retries", retry.numRetries(), RetryPolicy.DEFAULT_NUM_RETRIES);
        putDurationIfChanged(node, "per_try_timeout", retry.perTryTimeout(), Duration.ZERO);
        ObjectNode backoff = NODES.objectNode();
        putDurationIfChanged(backoff, "base", retry.backoffBase(), RetryPolicy.DEFAULT_BACKOFF_BASE);
        putDurationIfChanged(backoff, "max", retry.backoffMax(), RetryPolicy.DEFAULT_BACKOFF_MAX);
        putIfNotEmpty(node, "backoff", backoff);
        RetryBudget budget = retry.budget();
        if (budget != null) {
            // Written in full: a budget is a safety limit worth reading without knowing the defaults.
            ObjectNode b = node.putObject("budget");
            BigDecimal percent = BigDecimal.valueOf(budget.percent()).stripTrailingZeros();
            b.set("percent", percent.scale() <= 0 ? NODES.numberNode(percent.toBigInteger()) : NODES.numberNode(budget.percent()));
            b.put("min_concurrency", budget.minConcurrency());
        }
        return node;
    }

    private static ObjectNode headerMutations(HeaderMutations mutations) {
        ObjectNode node = NODES.objectNode();
        putStrings(node, "remove", mutations.remove());
        putStringMap(node, "set", mutations.set());
        putStringMap(node, "add", mutations.add());
        return node;
    }

    private static ObjectNode cluster(ClusterConfig cluster, Path base) {
        ObjectNode node = NODES.objectNode();
        putString(node, "name", cluster.name());
        if (cluster.discovery() != Discovery.STATIC) {
            putString(node, "discovery", lowerCase(cluster.discovery()));
        }
        ArrayNode endpoints = node.putArray("endpoints");
        for (EndpointConfig endpoint : cluster.endpoints()) {
            ObjectNode e = endpoints.addObject();
            if (endpoint.address() != null) {
                putString(e, "address", endpoint.address().toString());
            }
            putString(e, "backend", endpoint.backend());
            putIfChanged(e, "weight", endpoint.weight(), EndpointConfig.DEFAULT_WEIGHT);
        }
        if (!cluster.lbPolicy().equals(ClusterConfig.DEFAULT_LB_POLICY)) {
            putString(node, "lb_policy", cluster.lbPolicy());
        }
        HashPolicy hashOn = cluster.hashOn();
        if (hashOn != null) {
            ObjectNode h = node.putObject("hash_on");
            putString(h, "header", hashOn.header());
            putString(h, "cookie", hashOn.cookie());
            if (hashOn.sourceIp()) {
                h.put("source_ip", true);
            }
        }
        putDurationIfChanged(node, "connect_timeout", cluster.connectTimeout(), ClusterConfig.DEFAULT_CONNECT_TIMEOUT);
        putDurationIfChanged(node, "dns_refresh", cluster.dnsRefresh(), ClusterConfig.DEFAULT_DNS_REFRESH);
        if (cluster.protocol() != UpstreamProtocol.HTTP1) {
            putString(node, "protocol", lowerCase(cluster.protocol()));
        }
        if (cluster.tls() != null) {
            node.set("tls", upstreamTls(cluster.tls(), base)); // written even when empty: {} turns TLS on
        }
        putIfNotEmpty(node, "pool", pool(cluster.pool()));
        putIfNotEmpty(node, "circuit_breakers", circuitBreakers(cluster.circuitBreakers()));
        if (cluster.outlierDetection() != null) {
            node.set("outlier_detection", outlierDetection(cluster.outlierDetection())); // {} turns it on
        }
        if (cluster.healthCheck() != null) {
            node.set("health_check", healthCheck(cluster.healthCheck()));
        }
        putIfChanged(node, "panic_threshold", cluster.panicThreshold(), ClusterConfig.DEFAULT_PANIC_THRESHOLD);
        return node;
    }

    private static ObjectNode upstreamTls(UpstreamTlsConfig tls, Path base) {
        ObjectNode node = NODES.objectNode();
        putPath(node, "ca", tls.ca(), base);
        putString(node, "sni", tls.sni());
        if (tls.clientCertificate() != null) {
            putPath(node, "client_cert", tls.clientCertificate().cert(), base);
            putPath(node, "client_key", tls.clientCertificate().key(), base);
        }
        if (tls.insecureSkipVerify()) {
            node.put("insecure_skip_verify", true);
        }
        return node;
    }

    private static ObjectNode pool(ConnectionPoolSettings pool) {
        ConnectionPoolSettings defaults = ConnectionPoolSettings.DEFAULTS;
        ObjectNode node = NODES.objectNode();
        putIfChanged(node, "max_connections", pool.maxConnections(), defaults.maxConnections());
        putDurationIfChanged(node, "idle_timeout", pool.idleTimeout(), defaults.idleTimeout());
        putIfChanged(node, "max_pending_requests", pool.maxPendingRequests(), defaults.maxPendingRequests());
        return node;
    }

    private static ObjectNode circuitBreakers(CircuitBreakers breakers) {
        CircuitBreakers defaults = CircuitBreakers.DEFAULTS;
        ObjectNode node = NODES.objectNode();
        putIfChanged(node, "max_connections", breakers.maxConnections(), defaults.maxConnections());
        putIfChanged(node, "max_pending_requests", breakers.maxPendingRequests(), defaults.maxPendingRequests());
        putIfChanged(node, "max_requests", breakers.maxRequests(), defaults.maxRequests());
        putIfChanged(node, "max_retries", breakers.maxRetries(), defaults.maxRetries());
        return node;
    }

    private static ObjectNode outlierDetection(OutlierDetection o) {
        OutlierDetection d = OutlierDetection.DEFAULTS;
        ObjectNode node = NODES.objectNode();
        putDurationIfChanged(node, "interval", o.interval(), d.interval());
        putDurationIfChanged(node, "base_ejection_time", o.baseEjectionTime(), d.baseEjectionTime());
        Duration longest = o.baseEjectionTime().compareTo(d.maxEjectionTime()) > 0 ? o.baseEjectionTime()
                : d.maxEjectionTime();
        putDurationIfChanged(node, "max_ejection_time", o.maxEjectionTime(), longest);
        putIfChanged(node, "max_ejection_percent", o.maxEjectionPercent(), d.maxEjectionPercent());
        putIfChanged(node, "consecutive_5xx", o.consecutive5xx(), d.consecutive5xx());
        putIfChanged(node, "enforcing_consecutive_5xx", o.enforcingConsecutive5xx(), d.enforcingConsecutive5xx());
        putIfChanged(node, "consecutive_gateway_failure", o.consecutiveGatewayFailure(), d.consecutiveGatewayFailure());
        putIfChanged(node, "enforcing_consecutive_gateway_failure", o.enforcingConsecutiveGatewayFailure(),
                d.enforcingConsecutiveGatewayFailure());
        putIfChanged(node, "success_rate_minimum_hosts", o.successRateMinimumHosts(), d.successRateMinimumHosts());
        putIfChanged(node, "success_rate_request_volume", o.successRateRequestVolume(), d.successRateRequestVolume());
        if (o.successRateStdevFactor() != d.successRateStdevFactor()) {
            putDecimal(node, "success_rate_stdev_factor", o.successRateStdevFactor());
        }
        putIfChanged(node, "enforcing_success_rate", o.enforcingSuccessRate(), d.enforcingSuccessRate());
        putIfChanged(node, "failure_percentage_threshold", o.failurePercentageThreshold(), d.failurePercentageThreshold());
        putIfChanged(node, "failure_percentage_minimum_hosts", o.failurePercentageMinimumHosts(),
                d.failurePercentageMinimumHosts());
        putIfChanged(node, "failure_percentage_request_volume", o.failurePercentageRequestVolume(),
                d.failurePercentageRequestVolume());
        putIfChanged(node, "enforcing_failure_percentage", o.enforcingFailurePercentage(), d.enforcingFailurePercentage());
        return node;
    }

    private static ObjectNode healthCheck(HealthCheck check) {
        ObjectNode node = NODES.objectNode();
        putString(node, "type", lowerCase(check.kind()));
        if (check.kind() == HealthCheck.Kind.HTTP) {
            putString(node, "path", check.path());
            if (!check.expectedStatuses().equals(HealthCheck.DEFAULT_EXPECTED_STATUSES)) {
                ArrayNode statuses = node.putArray("expected_statuses");
                for (HealthCheck.StatusRange range : check.expectedStatuses()) {
                    if (range.from() == range.to()) {
                        statuses.add(range.from());
                    } else {
                        statuses.add(range.toString());
                    }
                }
            }
            putString(node, "host", check.host());
        }
        putDurationIfChanged(node, "interval", check.interval(), HealthCheck.DEFAULT_INTERVAL);
        putDurationIfChanged(node, "timeout", check.timeout(), HealthCheck.DEFAULT_TIMEOUT);
        putDurationIfChanged(node, "jitter", check.jitter(), HealthCheck.DEFAULT_JITTER);
        putIfChanged(node, "healthy_threshold", check.healthyThreshold(), HealthCheck.DEFAULT_HEALTHY_THRESHOLD);
        putIfChanged(node, "unhealthy_threshold", check.unhealthyThreshold(), HealthCheck.DEFAULT_UNHEALTHY_THRESHOLD);
        if (check.startHealthy()) {
            node.put("initial_state", "healthy");
        }
        return node;
    }

    private static void putDecimal(ObjectNode node, String key, double value) {
        BigDecimal number = BigDecimal.valueOf(value).stripTrailingZeros();
        node.set(key, number.scale() <= 0 ? NODES.numberNode(number.toBigInteger()) : NODES.numberNode(value));
    }

    private static ObjectNode demoBackend(DemoBackendConfig backend, Path base) {
        ObjectNode node = NODES.objectNode();
        putString(node, "name", backend.name());
        putString(node, "kind", backend.kind());
        if (!backend.address().equals(DemoBackendConfig.DEFAULT_ADDRESS)) {
            putString(node, "address", backend.address().toString());
        }
        putStringMap(node, "settings", backend.settings());
        BackendFaults faults = backend.faults();
        BackendFaults none = BackendFaults.NONE;
        if (faults.failureRate() != none.failureRate()) {
            putDecimal(node, "failure_rate", faults.failureRate());
        }
        putIfChanged(node, "failure_status", faults.failureStatus(), none.failureStatus());
        putDurationIfChanged(node, "latency", faults.latency(), none.latency());
        putDurationIfChanged(node, "latency_jitter", faults.latencyJitter(), none.latencyJitter());
        if (backend.tls() != null) {
            ObjectNode tls = node.putObject("tls");
            putPath(tls, "cert", backend.tls().cert(), base);
            putPath(tls, "key", backend.tls().key(), base);
        }
        return node;
    }

    // ---- writing values

    /** Writes a string as the loader will read it back: "${" is escaped from placeholder resolution. */
    private static void putString(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, EnvironmentPlaceholders.escape(value));
        }
    }

    /** A path as the loader resolves it back: relative to {@code base} when below it, else absolute. */
    private static void putPath(ObjectNode node, String key, Path path, Path base) {
        if (path == null) {
            return;
        }
        Path written = base != null && path.startsWith(base) ? base.relativize(path) : path;
        putString(node, key, written.toString());
    }

    private static void putStrings(ObjectNode node, String key, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(key);
            values.forEach(v -> array.add(EnvironmentPlaceholders.escape(v)));
        }
    }

    private static void putStringMap(ObjectNode node, String key, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode map = node.putObject(key);
            values.forEach((k, v) -> putString(map, k, v));
        }
    }

    private static void putIfChanged(ObjectNode node, String key, int value, int defaultValue) {
        if (value != defaultValue) {
            node.put(key, value);
        }
    }

    private static void putDurationIfChanged(ObjectNode node, String key, Duration value, Duration defaultValue) {
        if (value.equals(defaultValue)) {
            return;
        }
        // A bare 0 reads as "none" and needs no unit; everything else is a string with one.
        if (value.isZero()) {
            node.put(key, 0);
        } else {
            node.put(key, DurationSyntax.format(value));
        }
    }

    private static void putSizeIfChanged(ObjectNode node, String key, int bytes, int defaultBytes) {
        if (bytes == defaultBytes) {
            return;
        }
        String size = SizeSyntax.format(bytes);
        if (size.equals(Integer.toString(bytes))) {
            node.put(key, bytes);
        } else {
            node.put(key, size);
        }
    }

    private static void putIfNotEmpty(ObjectNode node, String key, ObjectNode value) {
        if (!value.isEmpty()) {
            node.set(key, value);
        }
    }

    private static void removeEmpty(ObjectNode node, String... keys) {
        for (String key : keys) {
            if (node.get(key).isEmpty()) {
                node.remove(key);
            }
        }
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
