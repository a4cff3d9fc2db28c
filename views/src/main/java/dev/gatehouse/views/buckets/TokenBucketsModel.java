package dev.gatehouse.views.buckets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.views.engine.TraceRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Token buckets as the admin API reports them ({@code GET /ratelimit/buckets}: a {@code buckets} list
 * of {@code {key, limit, backend, tokens, capacity, refill: {requests, per_seconds}}}), plus the 429s
 * seen in the trace stream per consumer.
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
        List<Bucket> out = new ArrayList<>();
        for (JsonNode b : answer.path("buckets")) {
            out.add(bucket(b));
        }
        return out;
    }

    private Bucket bucket(JsonNode b) {
        String key = b.path("key").asText();
        String backend = b.path("backend").asText();
        String limiter = b.path("limit").asText() + (backend.isEmpty() ? "" : " (" + backend + ")");
        JsonNode refill = b.path("refill");
        double perSeconds = refill.path("per_seconds").asDouble(0);
        double refillPerSecond = perSeconds > 0 ? refill.path("requests").asDouble() / perSeconds : Double.NaN;
        return new Bucket(key, limiter, b.path("tokens").asDouble(Double.NaN), b.path("capacity").asDouble(0),
                refillPerSecond, rejected(key));
    }
}
