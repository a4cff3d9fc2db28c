package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Upstream pool bounds: connections per loop and endpoint, a bounded wait queue, 503 UO beyond it. */
class PoolLimitsTest {
    @Test
    void requestsBeyondConnectionsAndQueueGet503WithUO() throws Exception {
        try (var gw = TestGateway.start("""
                engine: {workers: 1}
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - {name: all, match: {prefix: /}, cluster: slow}
                clusters:
                  - name: slow
                    pool: {max_connections: 1, max_pending_requests: 1}
                    endpoints: [{backend: echo}]
                demo_backends:
                  - {name: echo, kind: echo}
                """)) {
            // One request holds the only connection, a second waits in the queue, a third overflows.
            CompletableFuture<HttpResponse<String>> first = send(gw, "/first", 1500);
            awaitActive(gw, 1);
            CompletableFuture<HttpResponse<String>> second = send(gw, "/second", 0);
            awaitActive(gw, 2);
            try (var raw = new RawHttp(gw.port())) {
                var third = raw.send("GET /third HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
                assertThat(third.status()).isEqualTo(503);
                assertThat(third.header(ResponseFlag.HEADER)).isEqualTo("UO");
            }
            assertThat(first.get().statusCode()).isEqualTo(200);
            assertThat(second.get().statusCode()).isEqualTo(200); // served once the connection came back
        }
    }

    private static CompletableFuture<HttpResponse<String>> send(TestGateway gw, String path, int delayMs) {
        return gw.client().sendAsync(HttpRequest.newBuilder(gw.uri(path))
                .header("x-echo-delay-ms", Integer.toString(delayMs)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitActive(TestGateway gw, int requests) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                gw.gateway().clusters().iterator().next().activeRequests() >= requests);
    }
}
