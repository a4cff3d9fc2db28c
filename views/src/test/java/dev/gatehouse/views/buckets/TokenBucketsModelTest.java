package dev.gatehouse.views.buckets;

import static dev.gatehouse.views.traces.SampleTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.TestGateway;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads what a real engine's {@code GET /ratelimit/buckets} answers (lab 3) and the 429s traces show. */
class TokenBucketsModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheBucketsOfARealEngineAndMarksThe429sSeen() throws Exception {
        try (TestGateway lab3 = TestGateway.fromSample("lab3-traffic-cop.yaml")) {
            for (int i = 0; i < 6; i++) {
                lab3.get("/api/hello", "X-API-Key", "free-user-123");
            }
            lab3.get("/api/hello", "X-API-Key", "pro-user-456");
            var answer = lab3.admin("GET", "/ratelimit/buckets", null, false);

            var model = new TokenBucketsModel();
            model.observe(List.of(trace("GET", "/api", "api", 429, 1, "free-user-123"),
                    trace("GET", "/api", "api", 200, 1, "pro-user-456")));
            var buckets = model.parse(JSON.readTree(answer.body()));

            var free = buckets.stream().filter(b -> b.key().equals("free-user-123")).findFirst().orElseThrow();
            assertThat(free.capacity()).isEqualTo(5);
            assertThat(free.level()).isLessThan(1);
            assertThat(free.refillPerSecond()).isEqualTo(5 / 60.0);
            assertThat(free.limiter()).isEqualTo("per-consumer (local)");
            assertThat(free.rejected()).isEqualTo(1);
            var pro = buckets.stream().filter(b -> b.key().equals("pro-user-456")).findFirst().orElseThrow();
            assertThat(pro.capacity()).isEqualTo(100);
            assertThat(pro.fill()).isGreaterThan(0.9);
            assertThat(model.rejectedTotal()).isEqualTo(1);
        }
    }

    @Test
    void anAnswerWithoutBucketsGivesNone() throws Exception {
        assertThat(new TokenBucketsModel().parse(JSON.readTree("{\"buckets\": []}"))).isEmpty();
        assertThat(new TokenBucketsModel().parse(JSON.readTree("{}"))).isEmpty();
    }
}
