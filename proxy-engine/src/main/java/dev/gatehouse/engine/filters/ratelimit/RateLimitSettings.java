package dev.gatehouse.engine.filters.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.engine.filter.FilterSettings;
import dev.gatehouse.engine.filter.HttpFilterProvider.ConfigProblem;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The filter's settings.
 *
 * @param backend         {@code local} or {@code redis}
 * @param maxKeys         local backend: most buckets kept
 * @param redis           redis backend: where; null for local
 * @param failOpen        what a request gets when Redis fails or is slow: through (open) or 503 (closed)
 * @param responseHeaders add the rate-limit headers to allowed responses too (429s always have them)
 * @param apiKeyHeader    where the {@code api_key} key part reads the key
 * @param limits          every limit; a request takes a token from each that applies
 */
record RateLimitSettings(String backend, long maxKeys, RedisSettings redis, boolean failOpen, boolean responseHeaders,
                         String apiKeyHeader, List<LimitRule> limits) {
    private static final Set<String> FIELDS = Set.of("backend", "local", "redis", "failure_mode", "response_headers",
            "api_key_header", "limits");
    private static final Set<String> LOCAL_FIELDS = Set.of("max_keys");
    private static final Set<String> REDIS_FIELDS = Set.of("uri", "cluster", "connect_timeout", "command_timeout",
            "key_prefix", "max_pending");
    private static final Set<String> LIMIT_FIELDS = Set.of("name", "key", "requests", "per", "burst", "tiers");
    private static final Set<String> RATE_FIELDS = Set.of("requests", "per", "burst");

    static Set<String> fields() {
        return FIELDS;
    }

    /** Reads and checks the settings; problems are left in {@code settings}. */
    static RateLimitSettings read(FilterSettings settings, JsonNode config) {
        String backend = settings.string("backend", "local");
        if (!backend.equals("local") && !backend.equals("redis")) {
            settings.problem("backend", "expected local or redis, got '" + backend + "'");
        }
        FilterSettings local = nested(settings, config, "local", LOCAL_FIELDS);
        long maxKeys = local.integer("max_keys", 100_000, 1, 100_000_000);
        copyProblems(local, "local", settings);
        RedisSettings redis = null;
        if (config.has("redis") || backend.equals("redis")) {
            redis = redis(settings, config);
        }
        String failureMode = settings.string("failure_mode", "open");
        if (!failureMode.equals("open") && !failureMode.equals("closed")) {
            settings.problem("failure_mode", "expected open or closed, got '" + failureMode + "'");
        }
        boolean responseHeaders = settings.bool("response_headers", true);
        String apiKeyHeader = settings.headerName("api_key_header", "x-api-key");
        List<LimitRule> limits = limits(settings, config.path("limits"));
        return new RateLimitSettings(backend, maxKeys, backend.equals("redis") ? redis : null,
                !failureMode.equals("closed"), responseHeaders, apiKeyHeader, limits);
    }

    private static RedisSettings redis(FilterSettings settings, JsonNode config) {
        FilterSettings r = nested(settings, config, "redis", REDIS_FIELDS);
        String uri = r.string("uri", null);
        if (uri == null) {
            r.problem("uri", "give the Redis URI (redis://host:6379, rediss://..., redis-sentinel://...)");
            uri = "redis://127.0.0.1:6379";
        } else {
            try {
                RedisURI.create(uri);
            } catch (RuntimeException e) {
                r.problem("uri", "not a Redis URI: " + e.getMessage());
            }
        }
        boolean cluster = r.bool("cluster", false);
        if (cluster && uri.startsWith("redis-sentinel")) {
            r.problem("cluster", "a cluster is reached through a node's redis:// URI, not through Sentinel");
        }
        Duration connect = positive(r, "connect_timeout", Duration.ofSeconds(1));
        Duration command = positive(r, "command_timeout", Duration.ofMillis(250));
        String prefix = r.string("key_prefix", "gatehouse:rl:");
        int maxPending = (int) r.integer("max_pending", 10_000, 1, 1_000_000);
        copyProblems(r, "redis", settings);
        return new RedisSettings(uri, cluster, connect, command, prefix, maxPending);
    }

    private static Duration positive(FilterSettings s, String key, Duration fallback) {
        Duration d = s.duration(key, fallback);
        if (d.isZero()) {
            s.problem(key, "must be more than 0");
            return fallback;
        }
        return d;
    }

    private static List<LimitRule> limits(FilterSettings settings, JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            settings.problem("limits", "list at least one limit");
            return List.of();
        }
        List<LimitRule> limits = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "limits[" + i + "]";
            FilterSettings l = nested(settings, node, i, path, LIMIT_FIELDS);
            String name = l.string("name", "limit-" + i);
            if (!names.add(name)) {
                l.problem("name", "two limits are named '" + name + "'");
            }
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                l.problem("name", "'" + name + "' is not a name (letters, digits, '.', '_', '-')");
            }
            List<String> keyTexts = l.strings("key", List.of());
            if (keyTexts.isEmpty()) {
                l.problem("key", "list what the limit counts by, e.g. [consumer] or [client_ip, route]");
            }
            List<DescriptorPart> key = new ArrayList<>();
            for (int k = 0; k < keyTexts.size(); k++) {
                DescriptorPart part = DescriptorPart.parse(keyTexts.get(k), "key[" + k + "]", l);
                if (part != null) {
                    key.add(part);
                }
            }
            JsonNode limitNode = node.get(i);
            Rate rate = limitNode.has("requests") || limitNode.has("per") || limitNode.has("burst")
                    ? rate(l, limitNode) : null;
            Map<String, Rate> tiers = new LinkedHashMap<>();
            JsonNode tierNode = limitNode.path("tiers");
            if (!tierNode.isMissingNode() && !tierNode.isNull()) {
                if (!tierNode.isObject() || tierNode.isEmpty()) {
                    l.problem("tiers", "expected a mapping of tier name to {requests, per, burst}");
                } else {
                    tierNode.properties().forEach(e -> {
                        if (!e.getValue().isObject()) {
                            l.problem("tiers." + e.getKey(), "expected {requests, per, burst}");
                            return;
                        }
                        FilterSettings t = new FilterSettings(e.getValue(), RATE_FIELDS);
                        Rate tierRate = rate(t, e.getValue());
                        copyProblems(t, "tiers." + e.getKey(), l);
                        if (tierRate != null) {
                            tiers.put(e.getKey(), tierRate);
                        }
                    });
                }
            }
            if (rate == null && tiers.isEmpty()) {
                l.problem("", "give the limit a rate (requests, per) or tiers");
            }
            copyProblems(l, path, settings);
            limits.add(new LimitRule(name, key, rate, tiers));
        }
        return limits;
    }

    /** {@code requests} per {@code per} with {@code burst}; null (problems recorded) when invalid. */
    private static Rate rate(FilterSettings s, JsonNode node) {
        long requests = s.integer("requests", -1, 1, 1_000_000_000);
        if (requests < 0 && !node.has("requests")) {
            s.problem("requests", "give how many requests per period");
        }
        String per = s.string("per", null);
        Duration period = null;
        if (per == null) {
            s.problem("per", "give the period: second, minute, hour or a duration such as 10s");
        } else {
            period = switch (per) {
                case "second" -> Duration.ofSeconds(1);
                case "minute" -> Duration.ofMinutes(1);
                case "hour" -> Duration.ofHours(1);
                case "day" -> Duration.ofDays(1);
                default -> s.duration("per", null);
            };
            if (period != null && (period.isZero() || period.toNanos() % 1_000_000_000 != 0)) {
                s.problem("per", "the period must be whole seconds (the RateLimit-Policy header counts in seconds)");
                period = null;
            }
        }
        long burst = s.integer("burst", requests, 1, 1_000_000_000);
        if (requests < 1 || period == null || burst < 1) {
            return null;
        }
        try {
            return new Rate(requests, period, burst);
        } catch (ArithmeticException e) {
            s.problem("burst", "burst × period ÷ requests is too large");
            return null;
        }
    }

    private static FilterSettings nested(FilterSettings parent, JsonNode config, String field, Set<String> fields) {
        JsonNode node = config.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return new FilterSettings(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), fields);
        }
        if (!node.isObject()) {
            parent.problem(field, "expected a mapping");
            return new FilterSettings(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), fields);
        }
        return new FilterSettings(node, fields);
    }

    private static FilterSettings nested(FilterSettings parent, JsonNode list, int index, String path, Set<String> fields) {
        JsonNode node = list.get(index);
        if (!node.isObject()) {
            parent.problem(path, "expected a mapping");
            return new FilterSettings(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), fields);
        }
        return new FilterSettings(node, fields);
    }

    private static void copyProblems(FilterSettings from, String prefix, FilterSettings into) {
        for (ConfigProblem p : from.problems()) {
            into.problem(p.path().isEmpty() ? prefix : prefix + "." + p.path(), p.message());
        }
    }
}
