package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** An idle keep-alive connection is closed after idle_timeout, but never in the middle of a request. */
class IdleTimeoutTest {
    @Test
    void idleConnectionsCloseButSlowResponsesFinish() throws Exception {
        try (var gw = TestGateway.start("""
                listeners:
                  - name: main
                    address: 127.0.0.1:0
                    limits: {idle_timeout: 300ms}
                routes:
                  - {name: all, match: {prefix: /}, cluster: echo, timeout: 5s}
                clusters:
                  - {name: echo, endpoints: [{backend: echo}]}
                demo_backends:
                  - {name: echo, kind: echo}
                """)) {
            try (var raw = new RawHttp(gw.port())) {
                // The response takes longer than the idle timeout: the connection must survive it.
                raw.send("GET /slow HTTP/1.1\r\nHost: a\r\nx-echo-delay-ms: 800\r\n\r\n");
                assertThat(raw.readResponse().status()).isEqualTo(200);
                // Then nothing: the gateway closes the idle connection.
                assertThat(raw.isClosedByPeer()).isTrue();
            }
        }
    }
}
