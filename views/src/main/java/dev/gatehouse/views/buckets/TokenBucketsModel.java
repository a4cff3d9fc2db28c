package dev.gatehouse.views.buckets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.views.engine.TraceRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Token buckets as the admin API reports them ({@code GET /ratelimit/buckets}), plus the 429s seen in
 * the trace stream per consumer. Parsing is tolerant: the list may be the document itself or under
 * {@code buckets}; a bucket's key, level and capacity are taken from the first field present among
 * several plausible names, so the view keeps working while the endpoint's shape settles.
 */
public final class TokenBucketsModel {
    /** One bucket now. {@code refillPerSecond} is NaN when not reported. */
    public record Bucket(String key, String limiter, double level, double capacity, double refillPerSecond,
                         long rejected) {
        public double fill() {
            return capacity <= 0 ? 0 : Math.max(0, Math.min(1, level / capacity));
        }
    }

    static final int MAX_CONSUMERS = 1_000;

    private final Map<String, Long> rejectedByConsumer = new LinkedHashMap<>();
    private long rejectedTotal;

    /** Counts 429s per consumer (or client address when anonymous). */
    public void observe(List<TraceRecord> traces) {
        for (TraceRecord t : traces) {
            if (t.status() == 429) {
                rejectedTotal++;
                String who = t.consumer().isEmpty() ? t.client() : t.consumer();
                if (rejectedByConsumer.containsKey(who) || rejectedByConsumer.size() < MAX_CONSUMERS) {
                    rejectedByConsumer.merge(who, 1L, Long::sum);
                }
            }
        }
    }

    public long rejectedTotal() {
        return rejectedTotal;
    }

    public long rejected(String key) {
        return rejectedByConsumer.getOrDefault(key, 0L);
    }

    /** The buckets in an admin answer; empty when it has none. */
    public List<Bucket> parse(JsonNode answer) {
        JsonNode list = answer.isArray() ? answer : first(answer, "buckets", "items", "data");
        List<Bucket> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        if (list.isObject()) { // {"key": {...}, ...}
            Iterator<Map.Entry<String, JsonNode>> fields = list.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                out.add(bucket(e.getValue(), e.getKey()));
            }
            return out;
        }
        for (JsonNode b : list) {
            out.add(bucket(b, null));
        }
        return out;
    }

    private Bucket bucket(JsonNode b, String keyFromField) {
        String key = keyFromField != null ? keyFromField : text(b, "key", "consumer", "id", "name", "descriptor");
        String limiter = text(b, "limiter", "filter", "policy", "tier", "rule");
        double level = number(b, "tokens", "level", "remaining", "available");
        double capacity = number(b, "capacity", "burst", "max", "limit", "size");
        double refill = number(b, "refill_per_second", "refill_rate", "rate", "refill", "tokens_per_second");
        String consumer = text(b, "consumer");
        long rejected = rejected(consumer.isEmpty() ? key : consumer);
        return new Bucket(key, limiter, level, capacity, refill, rejected);
    }

    private static JsonNode first(JsonNode n, String... names) {
        for (String name : names) {
            JsonNode v = n.get(name);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }

    private static String text(JsonNode n, String... names) {
        JsonNode v = first(n, names);
        return v == null ? "" : v.isValueNode() ? v.asText() : v.toString();
    }

    private static double number(JsonNode n, String... names) {
        JsonNode v = first(n, names);
        if (v == null) {
            return Double.NaN;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.parseDouble(v.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
