package dev.gatehouse.engine.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.engine.filters.ratelimit.BucketView;
import dev.gatehouse.engine.filters.ratelimit.RateLimitBackend;
import dev.gatehouse.engine.runtime.Gateway;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /ratelimit/buckets?key=K}: the level of every bucket whose id or key is K, read now
 * (from Redis for the Redis backend); without a key, the {@code top} (default 20, at most 100) most
 * drained buckets this engine holds or decided on lately. Read-only; bounded by construction.
 */
final class RateLimitBuckets {
    static final int DEFAULT_TOP = 20;
    static final int MAX_TOP = 100;

    private final Gateway gateway;
    private final ObjectMapper json;

    RateLimitBuckets(Gateway gateway, ObjectMapper json) {
        this.gateway = gateway;
        this.json = json;
    }

    CompletableFuture<ObjectNode> byKey(String key) {
        List<CompletableFuture<List<BucketView>>> reads = new ArrayList<>();
        for (RateLimitBackend backend : gateway.filterResources().all(RateLimitBackend.class)) {
            reads.add(backend.inspect(key).toCompletableFuture());
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).handle((done, error) -> {
            List<BucketView> views = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (CompletableFuture<List<BucketView>> read : reads) {
                if (read.isCompletedExceptionally()) {
                    failures.add(read.handle((v, e) -> String.valueOf(e)).join());
                } else {
                    views.addAll(read.join());
                }
            }
            views.sort(Comparator.comparing(BucketView::bucket));
            ObjectNode out = json.createObjectNode().put("key", key);
            write(out.putArray("buckets"), views);
            if (!failures.isEmpty()) {
                failures.forEach(out.putArray("errors")::add);
            }
            return out;
        });
    }

    ObjectNode mostDrained(int top) {
        List<BucketView> views = new ArrayList<>();
        for (RateLimitBackend backend : gateway.filterResources().all(RateLimitBackend.class)) {
            views.addAll(backend.mostDrained(top));
        }
        views.sort(Comparator.comparingDouble(BucketView::drained).reversed().thenComparing(BucketView::bucket));
        ObjectNode out = json.createObjectNode().put("order", "most_drained").put("top", top);
        write(out.putArray("buckets"), views.subList(0, Math.min(top, views.size())));
        return out;
    }

    private static void write(ArrayNode into, List<BucketView> views) {
        Instant now = Instant.now();
        for (BucketView v : views) {
            ObjectNode b = into.addObject().put("bucket", v.bucket()).put("limit", v.limit()).put("key", v.key())
                    .put("backend", v.backend())
                    .put("tokens", Math.round(v.tokens() * 1000) / 1000.0)
                    .put("capacity", v.rate().burst());
            b.putObject("refill").put("requests", v.rate().requests()).put("per_seconds", v.rate().period().toSeconds());
            b.put("reset_in_ms", v.resetAfterMillis()).put("reset_at", now.plusMillis(v.resetAfterMillis()).toString());
        }
    }
}
