package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.TestGateway;
import java.io.IOException;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class ConnectionLimitTest {
    @Test
    void connectionsBeyondMaxConnectionsAreClosedAndCounted() throws Exception {
        try (var gw = TestGateway.start("""
                listeners:
                  - name: main
                    address: 127.0.0.1:0
                    limits: {max_connections: 2}
                routes:
                  - {name: hello, match: {prefix: /}, direct_response: {status: 200, body: hi}}
                """)) {
            var held = new ArrayList<RawHttp>();
            try {
                for (int i = 0; i < 2; i++) {
                    var raw = new RawHttp(gw.port());
                    held.add(raw);
                    raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                    assertThat(raw.readResponse().status()).isEqualTo(200);
                }
                var third = new RawHttp(gw.port());
                held.add(third);
                third.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                boolean refused;
                try {
                    third.readResponse();
                    refused = false;
                } catch (IOException closed) {
                    refused = true;
                }
                assertThat(refused).as("third connection refused").isTrue();
                assertThat(gw.gateway().metrics().scrapeText())
                        .contains("gatehouse_downstream_connections_rejected_total{listener=\"main\"} 1.0");
            } finally {
                for (RawHttp r : held) {
                    r.close();
                }
            }
        }
    }
}
