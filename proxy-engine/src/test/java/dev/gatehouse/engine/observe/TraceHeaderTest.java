package dev.gatehouse.engine.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** {@code x-gatehouse-trace: 1} gets a trace summary back, only where the listener allows it. */
class TraceHeaderTest {
    @Test
    void aSummaryOnRequestOnlyWhereAllowed() throws Exception {
        try (var gw = TestGateway.start("""
                filters:
                  - {name: stamp, type: headers, config: {request: {set: {x-stamped: "1"}}}}
                listeners:
                  - {name: inside, address: 127.0.0.1:0, filters: [stamp], trace_header: true}
                  - {name: public, address: 127.0.0.1:0}
                routes:
                  - {name: api, match: {prefix: /api}, cluster: echo}
                clusters:
                  - {name: echo, endpoints: [{backend: echo}]}
                demo_backends:
                  - {name: echo, kind: echo}
                """)) {
            var client = gw.client();
            var inside = client.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + gw.port("inside") + "/api/x"))
                    .header("x-gatehouse-trace", "1").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            String summary = inside.headers().firstValue("x-gatehouse-trace").orElseThrow();
            assertThat(summary).startsWith("route=api; cluster=echo; endpoint=127.0.0.1:")
                    .contains("attempts=1").contains("upstream_us=").contains("filters=stamp:modify");
            assertThat(new ObjectMapper().readTree(inside.body()).get("headers").has("x-gatehouse-trace")).isFalse();

            var missing = client.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + gw.port("inside") + "/nowhere"))
                    .header("x-gatehouse-trace", "1").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(missing.headers().firstValue("x-gatehouse-trace").orElseThrow()).startsWith("route=-; cluster=-");

            var outside = client.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + gw.port("public") + "/api/x"))
                    .header("x-gatehouse-trace", "1").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(outside.statusCode()).isEqualTo(200);
            assertThat(outside.headers().firstValue("x-gatehouse-trace")).isEmpty();
        }
    }
}
