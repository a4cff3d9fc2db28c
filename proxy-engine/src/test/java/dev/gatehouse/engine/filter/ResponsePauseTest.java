package dev.gatehouse.engine.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** A response filter may pause the response head for async work; the body waits and arrives intact. */
class ResponsePauseTest {
    @Test
    void aPausedResponseResumesWithItsHeadChangedAndItsBodyWhole() {
        try (var gw = TestGateway.start("""
                filters:
                  - {name: late, type: late_stamp}
                listeners:
                  - {name: main, address: 127.0.0.1:0, filters: [late]}
                routes:
                  - {name: bytes, match: {prefix: /bytes}, cluster: stream}
                  - {name: echo, match: {prefix: /}, cluster: echo}
                clusters:
                  - {name: echo, endpoints: [{backend: echo}]}
                  - {name: stream, endpoints: [{backend: stream}]}
                demo_backends:
                  - {name: echo, kind: echo}
                  - {name: stream, kind: stream}
                """)) {
            var small = gw.get("/hello");
            assertThat(small.statusCode()).isEqualTo(200);
            assertThat(small.headers().firstValue("x-late")).hasValue("yes");
            assertThat(small.body()).contains("\"path\":\"/hello\"");

            var large = gw.get("/bytes/300000");
            assertThat(large.headers().firstValue("x-late")).hasValue("yes");
            assertThat(large.body()).hasSize(300_000);
            for (int i = 0; i < large.body().length(); i += 997) {
                assertThat(large.body().charAt(i)).isEqualTo((char) ('!' + i % 94));
            }
        }
    }
}
