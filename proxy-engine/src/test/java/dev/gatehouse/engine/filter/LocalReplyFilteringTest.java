package dev.gatehouse.engine.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** Replies made by a filter or the gateway pass the response filters, as in Envoy: a 401 keeps its CORS headers. */
class LocalReplyFilteringTest {
    @Test
    void aRejectedRequestStillGetsCorsHeadersAndA404ItsStamp() {
        try (var gw = TestGateway.start("""
                consumers:
                  - {name: app, keys: [k1]}
                filters:
                  - name: cors
                    type: cors
                    config: {allow_origins: [https://app.example.com], allow_methods: [GET]}
                  - {name: keys, type: key_auth}
                  - name: stamp
                    type: headers
                    config: {response: {set: {x-stamped: "yes"}}}
                listeners:
                  - {name: main, address: 127.0.0.1:0, filters: [cors, stamp, keys]}
                routes:
                  - {name: api, match: {prefix: /api}, direct_response: {status: 200, body: ok}}
                """)) {
            var rejected = gw.get("/api/x", "origin", "https://app.example.com");
            assertThat(rejected.statusCode()).isEqualTo(401);
            assertThat(rejected.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
            assertThat(rejected.headers().firstValue("x-stamped")).hasValue("yes");

            var missing = gw.get("/nowhere", "origin", "https://app.example.com", "x-api-key", "k1");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("x-stamped")).hasValue("yes");
            assertThat(missing.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
        }
    }
}
