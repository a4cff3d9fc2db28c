package dev.gatehouse.views.buckets;

import static dev.gatehouse.views.traces.SampleTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBucketsModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsBucketsUnderAnyOfTheLikelyNamesAndMarks429s() throws Exception {
        var model = new TokenBucketsModel();
        model.observe(List.of(trace("GET", "/api", "api", 429, 1, "free-user-123"),
                trace("GET", "/api", "api", 429, 1, "free-user-123"), trace("GET", "/api", "api", 200, 1, "pro-user")));
        var buckets = model.parse(JSON.readTree("""
                {"buckets": [
                  {"consumer": "free-user-123", "limiter": "free", "tokens": 2.5, "capacity": 10, "refill_per_second": 1},
                  {"key": "pro-user", "level": 90, "burst": 100}
                ]}"""));
        assertThat(buckets).hasSize(2);
        assertThat(buckets.get(0).key()).isEqualTo("free-user-123");
        assertThat(buckets.get(0).fill()).isEqualTo(0.25);
        assertThat(buckets.get(0).rejected()).isEqualTo(2);
        assertThat(buckets.get(1).capacity()).isEqualTo(100);
        assertThat(buckets.get(1).refillPerSecond()).isNaN();
        assertThat(model.rejectedTotal()).isEqualTo(2);
    }

    @Test
    void aBareArrayOrAnObjectKeyedByConsumerOrNothing() throws Exception {
        var model = new TokenBucketsModel();
        assertThat(model.parse(JSON.readTree("[{\"id\": \"k\", \"remaining\": \"3\", \"max\": 4}]")).get(0).fill()).isEqualTo(0.75);
        assertThat(model.parse(JSON.readTree("{\"buckets\": {\"alice\": {\"tokens\": 1, \"capacity\": 2}}}")).get(0).key()).isEqualTo("alice");
        assertThat(model.parse(JSON.readTree("{}"))).isEmpty();
    }
}
