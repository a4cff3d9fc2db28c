package dev.gatehouse.engine.labs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.observe.Trace;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.testing.Traces;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The curriculum's project 3 outcome, from the sample config: a free consumer's sixth request in a
 * minute gets 429 with the rate-limit headers; a pro consumer is not limited.
 */
class Lab3TrafficCopTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.fromSample("lab3-traffic-cop.yaml");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void theSixthRequestOfAFreeUserInAMinuteGets429WithEveryHeader() throws Exception {
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> ok = gw.get("/api/hello", "X-API-Key", "free-user-123");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-ratelimit-limit")).hasValue("5");
            assertThat(ok.headers().firstValue("x-ratelimit-remaining")).hasValue(Integer.toString(5 - i));
            // full again 12 s per token taken from now (a slow machine may have spent a few seconds since the first)
            long reset = Long.parseLong(ok.headers().firstValue("x-ratelimit-reset").orElseThrow());
            assertThat(reset).isBetween(12L * i - 5, 12L * i);
            assertThat(ok.headers().firstValue("ratelimit-policy")).hasValue("\"per-consumer\";q=5;w=60");
            assertThat(ok.headers().firstValue("ratelimit")).hasValue("\"per-consumer\";r=" + (5 - i) + ";t=" + reset);
            assertThat(ok.headers().firstValue("retry-after")).isEmpty();
        }
        var reader = gw.gateway().tap().reader();
        HttpResponse<String> sixth = gw.get("/api/hello", "X-API-Key", "free-user-123");
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(sixth.headers().firstValue("content-type").orElseThrow()).startsWith("application/json");
        JsonNode body = JSON.readTree(sixth.body());
        assertThat(body.get("status").asInt()).isEqualTo(429);
        assertThat(body.get("error").asText()).contains("rate limit exceeded").contains("per-consumer");
        String requestId = sixth.headers().firstValue("x-request-id").orElseThrow();
        assertThat(body.get("request_id").asText()).isEqualTo(requestId);
        long retryAfter = Long.parseLong(sixth.headers().firstValue("retry-after").orElseThrow());
        assertThat(retryAfter).isBetween(7L, 12L); // the first token back, 12 s after the first request
        assertThat(sixth.headers().firstValue("x-ratelimit-limit")).hasValue("5");
        assertThat(sixth.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
        long reset = Long.parseLong(sixth.headers().firstValue("x-ratelimit-reset").orElseThrow());
        assertThat(reset).isBetween(55L, 60L);
        assertThat(sixth.headers().firstValue("ratelimit-policy")).hasValue("\"per-consumer\";q=5;w=60");
        assertThat(sixth.headers().firstValue("ratelimit")).hasValue("\"per-consumer\";r=0;t=" + reset);

        Trace trace = Traces.await(reader, requestId);
        Trace.FilterSpan span = trace.filterSpans().stream().filter(s -> s.filter().equals("traffic-cop")).findFirst().orElseThrow();
        assertThat(span.verdict()).isEqualTo("reject");
        assertThat(span.notes()).containsSubsequence("backend", "local", "limit", "per-consumer", "key", "free-user-123",
                "remaining", "0", "result", "limited");
        assertThat(trace.status()).isEqualTo(429);
        assertThat(trace.flags()).isEqualTo("RL");
        assertThat(sixth.headers().firstValue("x-gatehouse-flags")).hasValue("RL");
        assertThat(gw.metric("gatehouse_ratelimit_decisions_total{backend=\"local\",filter=\"traffic-cop\",result=\"limited\"}"))
                .isGreaterThanOrEqualTo(1);

        JsonNode buckets = JSON.readTree(gw.admin("GET", "/ratelimit/buckets?key=free-user-123", null, false).body());
        JsonNode bucket = buckets.get("buckets").get(0);
        assertThat(bucket.get("bucket").asText()).isEqualTo("traffic-cop/per-consumer/free-user-123");
        assertThat(bucket.get("capacity").asLong()).isEqualTo(5);
        assertThat(bucket.get("tokens").asDouble()).isLessThan(1);
        assertThat(bucket.get("refill").get("requests").asLong()).isEqualTo(5);
        assertThat(bucket.get("refill").get("per_seconds").asLong()).isEqualTo(60);
        assertThat(bucket.get("reset_in_ms").asLong()).isBetween(1L, 60_000L);

        JsonNode top = JSON.readTree(gw.admin("GET", "/ratelimit/buckets?top=5", null, false).body());
        assertThat(top.get("buckets").get(0).get("key").asText()).isEqualTo("free-user-123");
    }

    @Test
    void aProUserIsNotLimitedByTheFreeTier() {
        for (int i = 1; i <= 10; i++) {
            HttpResponse<String> ok = gw.get("/api/pro", "X-API-Key", "pro-user-456");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-ratelimit-limit")).hasValue("100");
            assertThat(ok.headers().firstValue("x-ratelimit-remaining")).hasValue(Integer.toString(100 - i));
            assertThat(ok.headers().firstValue("ratelimit-policy")).hasValue("\"per-consumer\";q=100;w=60");
        }
    }

    @Test
    void aCallerWithoutAKeyIsRejectedBeforeAnyBucket() {
        HttpResponse<String> anonymous = gw.get("/api/hello");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("x-ratelimit-limit")).isEmpty();
    }

    @Test
    void theAdminListRejectsAnOutOfRangeTop() {
        assertThat(gw.admin("GET", "/ratelimit/buckets?top=1000", null, false).statusCode()).isEqualTo(400);
        assertThat(gw.admin("POST", "/ratelimit/buckets", "", true).statusCode()).isEqualTo(405);
    }
}
