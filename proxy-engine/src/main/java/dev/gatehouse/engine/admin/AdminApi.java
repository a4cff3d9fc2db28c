package dev.gatehouse.engine.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.engine.config.ConfigError;
import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigExporter;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.observe.GatewayMetrics;
import dev.gatehouse.engine.observe.HostEvent;
import dev.gatehouse.engine.observe.HostEventTap;
import dev.gatehouse.engine.observe.TraceTap;
import dev.gatehouse.engine.runtime.ApplyException;
import dev.gatehouse.engine.runtime.ConfigVersion;
import dev.gatehouse.engine.runtime.Gateway;
import dev.gatehouse.engine.upstream.CircuitBreaker;
import dev.gatehouse.engine.upstream.Cluster;
import dev.gatehouse.engine.upstream.Endpoint;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The admin endpoints. Reads answer at once; {@code PUT /config} and {@code POST /config/rollback}
 * need {@code Authorization: Bearer <token>} and run on the apply executor. The workbench's embedded
 * engine calls the same endpoints in process ({@link #inProcess}), so a view cannot tell an embedded
 * engine from a remote one.
 */
public final class AdminApi {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Endpoint events shown per cluster in {@code GET /clusters}; {@code GET /tap} streams them all. */
    private static final int RECENT_EVENTS = 20;

    private final Gateway gateway;
    private final byte[] token;
    private final boolean trusted;
    private final Executor applier;
    private final RateLimitBuckets buckets;

    AdminApi(Gateway gateway, String token, Executor applier) {
        this(gateway, token, false, applier);
    }

    private AdminApi(Gateway gateway, String token, boolean trusted, Executor applier) {
        this.gateway = gateway;
        this.buckets = new RateLimitBuckets(gateway, JSON);
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.trusted = trusted;
        this.applier = applier;
    }

    /**
     * The API for code in the engine's own process, which needs no token: it could change the
     * gateway directly anyway.
     *
     * @param applier where config applies run; never an event loop
     */
    public static AdminApi inProcess(Gateway gateway, Executor applier) {
        return new AdminApi(gateway, "", true, applier);
    }

    TraceTap tap() {
        return gateway.tap();
    }

    HostEventTap hostEvents() {
        return gateway.hostEvents();
    }

    /** Answers one admin request; the caller releases the response. {@code /tap} is not served here. */
    public CompletableFuture<FullHttpResponse> handle(FullHttpRequest request) {
        var uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        HttpMethod method = request.method();
        try {
            if ((method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) && path.equals("/ratelimit/buckets")) {
                return rateLimitBuckets(uri);
            }
            if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
                return CompletableFuture.completedFuture(read(path, uri));
            }
            if (path.equals("/config") && method.equals(HttpMethod.PUT)
                    || path.equals("/config/rollback") && method.equals(HttpMethod.POST)) {
                if (!authorized(request)) {
                    FullHttpResponse denied = error(401, "this call changes the engine: send Authorization: Bearer <admin token>");
                    denied.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"gatehouse-admin\"");
                    return CompletableFuture.completedFuture(denied);
                }
                String body = request.content().toString(StandardCharsets.UTF_8);
                return CompletableFuture.supplyAsync(() -> path.equals("/config") ? putConfig(body) : rollback(uri),
                        applier);
            }
            return CompletableFuture.completedFuture(isKnown(path)
                    ? error(405, method + " is not allowed on " + path)
                    : error(404, "no admin endpoint " + path));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(error(500, e.toString()));
        }
    }

    private FullHttpResponse read(String path, QueryStringDecoder uri) {
        return switch (path) {
            case "/", "/help" -> text(200, "text/plain; charset=utf-8", HELP);
            case "/ready" -> json(200, JSON.createObjectNode().put("status", "ready")
                    .put("config_version", gateway.current().number()));
            case "/stats" -> json(200, stats());
            case "/stats/prometheus" -> text(200, GatewayMetrics.contentType(), gateway.metrics().scrapeText());
            case "/config_dump" -> json(200, configDump());
            case "/config" -> text(200, "application/yaml; charset=utf-8", ConfigExporter.toYaml(gateway.current().config()));
            case "/config/versions" -> json(200, versions());
            case "/clusters" -> json(200, clusters());
            default -> isKnown(path) ? error(405, "use " + (path.equals("/config/rollback") ? "POST" : "PUT") + " on " + path)
                    : error(404, "no admin endpoint " + path);
        };
    }

    /** Read-only; a Redis backend is read asynchronously, within its command timeout. */
    private CompletableFuture<FullHttpResponse> rateLimitBuckets(QueryStringDecoder uri) {
        var key = uri.parameters().get("key");
        if (key != null) {
            if (key.get(0).isEmpty()) {
                return CompletableFuture.completedFuture(error(400, "key must not be empty"));
            }
            return buckets.byKey(key.get(0)).thenApply(out -> json(200, out));
        }
        var top = uri.parameters().get("top");
        int n = RateLimitBuckets.DEFAULT_TOP;
        if (top != null) {
            try {
                n = Integer.parseInt(top.get(0));
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > RateLimitBuckets.MAX_TOP) {
                return CompletableFuture.completedFuture(error(400, "top must be a number from 1 to " + RateLimitBuckets.MAX_TOP));
            }
        }
        return CompletableFuture.completedFuture(json(200, buckets.mostDrained(n)));
    }

    private static boolean isKnown(String path) {
        return switch (path) {
            case "/", "/help", "/ready", "/stats", "/stats/prometheus", "/config_dump", "/config", "/config/versions",
                 "/config/rollback", "/clusters", "/tap", "/ratelimit/buckets" -> true;
            default -> false;
        };
    }

    private FullHttpResponse putConfig(String body) {
        ConfigLoader.Result loaded;
        try {
            loaded = new ConfigLoader().load(body, "PUT /config");
        } catch (ConfigException e) {
            return configErrors(e.errors());
        }
        try {
            ConfigVersion v = gateway.apply(loaded.config(), "admin PUT /config");
            ObjectNode out = JSON.createObjectNode().put("applied", true).put("version", v.number());
            ArrayNode warnings = out.putArray("warnings");
            loaded.warnings().forEach(w -> warnings.add(w.toString()));
            return json(200, out);
        } catch (ApplyException e) {
            return json(409, JSON.createObjectNode().put("applied", false).put("error", e.getMessage()));
        }
    }

    private FullHttpResponse rollback(QueryStringDecoder uri) {
        try {
            var versionParam = uri.parameters().get("version");
            ConfigVersion v = versionParam == null ? gateway.rollback()
                    : gateway.rollbackTo(Long.parseLong(versionParam.get(0)));
            return json(200, JSON.createObjectNode().put("applied", true).put("version", v.number())
                    .put("source", v.source()));
        } catch (NumberFormatException e) {
            return error(400, "version must be a number");
        } catch (ApplyException e) {
            return json(409, JSON.createObjectNode().put("applied", false).put("error", e.getMessage()));
        }
    }

    private FullHttpResponse configErrors(java.util.List<ConfigError> errors) {
        ObjectNode out = JSON.createObjectNode().put("applied", false)
                .put("error", errors.size() + " error(s) in config; nothing changed");
        ArrayNode list = out.putArray("errors");
        for (ConfigError e : errors) {
            list.addObject().put("line", e.line()).put("column", e.column()).put("path", e.path())
                    .put("message", e.message()).put("text", e.toString());
        }
        return json(400, out);
    }

    private ObjectNode stats() {
        ObjectNode out = JSON.createObjectNode();
        for (MetricSnapshot metric : gateway.metrics().registry().scrape()) {
            String name = metric.getMetadata().getPrometheusName();
            for (DataPointSnapshot point : metric.getDataPoints()) {
                String key = name + labels(point.getLabels());
                if (metric instanceof CounterSnapshot) {
                    out.put(name + "_total" + labels(point.getLabels()), ((CounterSnapshot.CounterDataPointSnapshot) point).getValue());
                } else if (metric instanceof GaugeSnapshot) {
                    out.put(key, ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue());
                } else if (metric instanceof HistogramSnapshot) {
                    var h = (HistogramSnapshot.HistogramDataPointSnapshot) point;
                    out.put(key + ".count", h.getCount());
                    out.put(key + ".sum", h.getSum());
                }
            }
        }
        return out;
    }

    private static String labels(Labels labels) {
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(labels.getName(i)).append("=\"").append(labels.getValue(i)).append('"');
        }
        return sb.append('}').toString();
    }

    private ObjectNode configDump() {
        ConfigVersion v = gateway.current();
        ObjectNode out = JSON.createObjectNode();
        out.put("version", v.number()).put("applied_at", v.appliedAt().toString()).put("source", v.source());
        try {
            out.set("config", JSON.readTree(ConfigExporter.toJson(v.config())));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private ObjectNode versions() {
        ObjectNode out = JSON.createObjectNode().put("current", gateway.current().number());
        ArrayNode list = out.putArray("versions");
        for (ConfigVersion v : gateway.versions()) {
            list.addObject().put("version", v.number()).put("applied_at", v.appliedAt().toString())
                    .put("source", v.source());
        }
        return out;
    }

    private ObjectNode clusters() {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("clusters");
        List<HostEvent> recentEvents = gateway.hostEvents().recent(1024);
        for (Cluster c : gateway.clusters()) {
            ObjectNode cn = list.addObject().put("name", c.name()).put("lb_policy", c.config().lbPolicy())
                    .put("active_requests", c.activeRequests()).put("panic", c.isInPanic());
            ObjectNode breakers = cn.putObject("circuit_breakers");
            for (CircuitBreaker.Limit limit : c.circuitBreaker().limits()) {
                breakers.putObject(limit.name()).put("max", limit.max()).put("in_use", limit.inUse())
                        .put("remaining", limit.remaining()).put("state", limit.isOpen() ? "open" : "closed")
                        .put("overflows", limit.overflows());
            }
            ArrayNode eps = cn.putArray("endpoints");
            for (Endpoint e : c.endpoints()) {
                Cluster.PoolStats pool = c.poolStats(e);
                ObjectNode en = eps.addObject().put("address", e.authority()).put("weight", e.weight())
                        .put("healthy", e.isHealthy()).put("active_requests", e.activeRequests())
                        .put("total_requests", e.totalRequests()).put("failed_requests", e.totalFailures())
                        .put("connections_idle", pool.idle()).put("connections_active", pool.active())
                        .put("requests_waiting", pool.waiting());
                if (e.isDrained()) {
                    en.put("drained", true);
                }
                if (c.config().healthCheck() != null) {
                    en.putObject("health_check").put("healthy", !e.failsHealthCheck())
                            .put("last", e.healthCheckDetail());
                }
                if (c.config().outlierDetection() != null) {
                    Endpoint.Ejection ejection = e.ejection();
                    ObjectNode outlier = en.putObject("outlier").put("ejected", ejection != null)
                            .put("ejections_total", e.outlierCounters().ejectionsTotal());
                    if (ejection != null) {
                        outlier.put("reason", ejection.reason()).put("figures", ejection.figures())
                                .put("ejections", ejection.count())
                                .put("until", java.time.Instant.ofEpochMilli(ejection.untilMillis()).toString());
                    }
                }
            }
            // The cluster's latest ejections, returns and health transitions, oldest first.
            List<HostEvent> mine = recentEvents.stream().filter(e -> e.cluster().equals(c.name())).toList();
            ArrayNode events = cn.putArray("recent_events");
            for (HostEvent e : mine.subList(Math.max(0, mine.size() - RECENT_EVENTS), mine.size())) {
                try {
                    events.add(JSON.readTree(e.toJson()));
                } catch (java.io.IOException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        }
        return out;
    }

    private boolean authorized(FullHttpRequest request) {
        if (trusted) {
            return true;
        }
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token); // constant time
    }

    static FullHttpResponse error(int status, String message) {
        return json(status, JSON.createObjectNode().put("status", status).put("error", message));
    }

    private static FullHttpResponse json(int status, ObjectNode body) {
        try {
            return text(status, "application/json", JSON.writeValueAsString(body) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FullHttpResponse text(int status, String contentType, String body) {
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }

    private static final String HELP = """
            Gatehouse admin API
              GET  /ready              readiness and the serving config version
              GET  /stats              every metric as JSON
              GET  /stats/prometheus   Prometheus text format
              GET  /config_dump        the serving config (JSON) with its version
              GET  /config             the serving config as canonical YAML
              GET  /config/versions    the kept versions
              GET  /clusters           clusters, endpoints, health and per-endpoint stats
              GET  /ratelimit/buckets  ?key=K: the token buckets of a key (tokens, capacity, refill, reset);
                                       without key: the most drained buckets (?top=20, at most 100)
              GET  /tap                completed request traces and endpoint events (outlier, health) as
                                       server-sent events, each JSON with a "type" (trace, outlier, health)
                                       (?type=trace,outlier,health &listener= &route= &cluster= &consumer=
                                        &method= &status=5xx|404|400-499 &sample=0.1)
              PUT  /config             validate and apply a YAML/JSON config   (Bearer token)
              POST /config/rollback    re-apply the previous version, or ?version=N (Bearer token)
            """;
}
