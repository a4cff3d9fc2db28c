package dev.gatehouse.engine.filters.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.RedisServerProcess;
import dev.gatehouse.engine.testing.TestGateway;
import io.lettuce.core.cluster.SlotHash;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Cluster mode against a real (one-node) Redis Cluster, with a request's buckets in two slots. */
class RateLimitRedisClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bucketsInDifferentSlotsStayExactAndARejectionTakesNothingFromTheOtherSlot() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.startCluster()) {
            String yaml = """
                    filters:
                      - name: cl
                        type: rate_limit
                        config:
                          backend: redis
                          redis: {uri: "%s", cluster: true, command_timeout: 5s, connect_timeout: 5s}
                          failure_mode: closed
                          limits:
                            - {name: per-client, key: ["header:x-client"], requests: 50, per: hour}
                            - {name: per-route, key: [route], requests: 1000, per: day}
                    listeners:
                      - name: public
                        address: 127.0.0.1:0
                        filters: [cl]
                    routes:
                      - name: api
                        match: {prefix: /}
                        direct_response: {status: 200, body: ok}
                    """.formatted(redis.uri());
            assertThat(SlotHash.getSlot("gatehouse:rl:cl/per-client/tenant-x"))
                    .isNotEqualTo(SlotHash.getSlot("gatehouse:rl:cl/per-route/api")); // the case under test

            try (TestGateway first = TestGateway.start(yaml); TestGateway second = TestGateway.start(yaml)) {
                // each engine connected (a busy machine may need a second attempt): one route token each
                for (TestGateway gw : List.of(first, second)) {
                    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> gw.get("/x", "x-client", "warm-up").statusCode() == 200);
                }
                Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
                List<CompletableFuture<?>> all = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    TestGateway gw = i % 2 == 0 ? first : second;
                    all.add(gw.client().sendAsync(HttpRequest.newBuilder(gw.uri("/x")).header("x-client", "tenant-x")
                                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding())
                            .thenAccept(r -> byStatus.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet()));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
                assertThat(byStatus.keySet()).containsOnly(200, 429);
                assertThat(byStatus.get(200).get()).isEqualTo(50);

                // the route's bucket paid for the 2 warm-ups and the 50 admitted requests only (refill: one token per 86 s)
                JsonNode buckets = JSON.readTree(first.admin("GET", "/ratelimit/buckets?key=api", null, false).body());
                assertThat(buckets.get("buckets").get(0).get("tokens").asDouble()).isBetween(948.0, 950.0);
            }
        }
    }
}
