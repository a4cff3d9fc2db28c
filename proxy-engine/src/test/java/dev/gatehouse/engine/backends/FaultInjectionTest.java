package dev.gatehouse.engine.backends;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.TestGateway;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Demo backends inject failures evenly (every n-th request) and latency, for labs about resilience. */
class FaultInjectionTest {
    @Test
    void failuresAreSpreadEvenlyAndLatencyStillAnswers() {
        try (var gw = TestGateway.start("""
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - {name: echo, match: {prefix: /echo}, cluster: echo}
                  - {name: web, match: {prefix: /}, cluster: web}
                clusters:
                  - {name: echo, endpoints: [{backend: flaky-echo}]}
                  - {name: web, endpoints: [{backend: slow-web}]}
                demo_backends:
                  - {name: flaky-echo, kind: echo, failure_rate: 0.25, failure_status: 500}
                  - {name: slow-web, kind: web, latency: 20ms, latency_jitter: 5ms}
                """)) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                var response = gw.get("/echo/" + i);
                statuses.add(response.statusCode());
                if (response.statusCode() == 500) {
                    assertThat(response.body()).contains("\"error\":\"injected failure\"", "\"backend\":\"flaky-echo\"");
                    assertThat(response.headers().firstValue("x-backend")).hasValue("flaky-echo");
                }
            }
            assertThat(statuses).containsExactly(200, 200, 200, 500, 200, 200, 200, 500);

            var page = gw.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("slow-web");
        }
    }
}
