package dev.gatehouse.engine.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.http.ResponseFlag;
import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.StubUpstream;
import dev.gatehouse.engine.testing.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Cluster-wide circuit breakers: overflow answers 503 UO at once, retries beyond the limit are skipped. */
class CircuitBreakerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thirdConcurrentRequestOverMaxRequestsGets503UO() throws Exception {
        try (var gw = TestGateway.start("""
                engine: {workers: 2}
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - {name: all, match: {prefix: /}, cluster: slow}
                clusters:
                  - name: slow
                    circuit_breakers: {max_requests: 2}
                    endpoints: [{backend: echo}]
                demo_backends:
                  - {name: echo, kind: echo}
                """)) {
            var first = slow(gw, "/1");
            var second = slow(gw, "/2");
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster(gw).activeRequests() == 2);

            JsonNode breaker = breaker(gw, "max_requests");
            assertThat(breaker.get("state").asText()).isEqualTo("open");
            assertThat(breaker.get("remaining").asInt()).isZero();
            try (var raw = new RawHttp(gw.port())) {
                var third = raw.send("GET /3 HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
                assertThat(third.status()).isEqualTo(503);
                assertThat(third.header(ResponseFlag.HEADER)).isEqualTo("UO");
                assertThat(third.body()).contains("circuit breaker max_requests");
            }
            assertThat(breaker(gw, "max_requests").get("overflows").asLong()).isEqualTo(1);
            assertThat(gw.metric("gatehouse_circuit_breaker_overflows_total{breaker=\"max_requests\",cluster=\"slow\"}"))
                    .isEqualTo(1);
            assertThat(gw.metric("gatehouse_circuit_breaker_open{breaker=\"max_requests\",cluster=\"slow\"}")).isEqualTo(1);

            assertThat(first.get().statusCode()).isEqualTo(200);
            assertThat(second.get().statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster(gw).activeRequests() == 0);
            assertThat(breaker(gw, "max_requests").get("state").asText()).isEqualTo("closed");
            assertThat(breaker(gw, "max_requests").get("remaining").asInt()).isEqualTo(2);
            assertThat(gw.get("/4").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void requestsBeyondMaxConnectionsAndMaxPendingGet503UO() throws Exception {
        // The pool would allow 1024 connections per loop and endpoint; the breaker allows one.
        try (var gw = TestGateway.start("""
                engine: {workers: 1}
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - {name: all, match: {prefix: /}, cluster: slow}
                clusters:
                  - name: slow
                    circuit_breakers: {max_connections: 1, max_pending_requests: 0}
                    endpoints: [{backend: echo}]
                demo_backends:
                  - {name: echo, kind: echo}
                """)) {
            var first = slow(gw, "/1");
            await().atMost(Duration.ofSeconds(10)).until(() -> breaker(gw, "max_connections").get("in_use").asInt() == 1
                    && cluster(gw).activeRequests() == 1);
            for (int i = 0; i < 4; i++) {
                try (var raw = new RawHttp(gw.port())) {
                    var refused = raw.send("GET /x HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
                    if (refused.status() == 200) {
                        assertThat(first).as("served only once the first request let its connection go").isDone();
                        continue;
                    }
                    assertThat(refused.status()).isEqualTo(503);
                    assertThat(refused.header(ResponseFlag.HEADER)).isEqualTo("UO");
                }
            }
            assertThat(gw.metric("gatehouse_circuit_breaker_overflows_total{breaker=\"max_pending_requests\",cluster=\"slow\"}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(first.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void retryOverMaxRetriesIsNotAttemptedAndCounted() {
        try (var stub = new StubUpstream(503, "down");
             var gw = TestGateway.start("""
                     listeners:
                       - {name: main, address: 127.0.0.1:0}
                     routes:
                       - name: all
                         match: {prefix: /}
                         cluster: down
                         retry: {on: [5xx], num_retries: 3}
                     clusters:
                       - name: down
                         circuit_breakers: {max_retries: 0}
                         endpoints: [{address: "%s"}]
                     """.formatted(stub.address()))) {
            var response = gw.get("/");
            assertThat(response.statusCode()).isEqualTo(503); // the upstream's own answer, unretried
            assertThat(response.headers().firstValue(ResponseFlag.HEADER)).isEmpty();
            assertThat(stub.hits()).isEqualTo(1);
            assertThat(gw.metric("gatehouse_upstream_retries_refused_total{cluster=\"down\",reason=\"circuit_breaker\"}"))
                    .isEqualTo(1);
            assertThat(gw.metric("gatehouse_circuit_breaker_overflows_total{breaker=\"max_retries\",cluster=\"down\"}"))
                    .isEqualTo(1);
        }
    }

    private static CompletableFuture<HttpResponse<String>> slow(TestGateway gw, String path) {
        return gw.client().sendAsync(HttpRequest.newBuilder(gw.uri(path)).header("x-echo-delay-ms", "5000").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Cluster cluster(TestGateway gw) {
        return gw.gateway().clusters().iterator().next();
    }

    private static JsonNode breaker(TestGateway gw, String name) throws Exception {
        JsonNode clusters = JSON.readTree(gw.admin("GET", "/clusters", null, false).body());
        return clusters.get("clusters").get(0).get("circuit_breakers").get(name);
    }
}
