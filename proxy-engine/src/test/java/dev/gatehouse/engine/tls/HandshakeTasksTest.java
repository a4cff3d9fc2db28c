package dev.gatehouse.engine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.TestCertificates;
import dev.gatehouse.engine.testing.TestGateway;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Handshake work leaves the event loops: a listener's and an upstream's handshakes run their
 * delegated tasks on the shared pool. Isolated, so the process-wide counters move only for this test.
 */
@Isolated
class HandshakeTasksTest {
    private static final String ON_POOL = "gatehouse_tls_handshake_tasks_total{ran_on=\"pool\"}";
    private static final String ON_EVENT_LOOP = "gatehouse_tls_handshake_tasks_total{ran_on=\"event_loop\"}";

    @TempDir
    Path dir;

    @Test
    void listenerAndUpstreamHandshakesRunTheirTasksOnThePool() throws Exception {
        var certs = TestCertificates.in(dir);
        certs.server("server", "IP:127.0.0.1");
        try (TestGateway gw = TestGateway.start("""
                listeners:
                  - name: secure
                    address: 127.0.0.1:0
                    http2: false
                    tls: {certificates: [{cert: server.pem, key: server-key.pem}]}
                routes:
                  - {name: echo, match: {prefix: /}, cluster: secure-echo}
                clusters:
                  - name: secure-echo
                    endpoints: [{backend: echo}]
                    tls: {ca: ca.pem}
                demo_backends:
                  - {name: echo, kind: echo, tls: {cert: server.pem, key: server-key.pem}}
                """, dir)) {
            double poolBefore = gw.metric(ON_POOL);
            double loopBefore = gw.metric(ON_EVENT_LOOP);
            int handshakes = 5;
            for (int i = 0; i < handshakes; i++) {
                try (SSLSocket socket = certs.connect(certs.clientContext(), gw.port("secure"), null);
                     var raw = new RawHttp(socket)) {
                    assertThat(raw.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().status()).isEqualTo(200);
                }
            }

            assertThat(gw.metric(ON_POOL) - poolBefore).isGreaterThanOrEqualTo(handshakes);
            assertThat(gw.metric(ON_EVENT_LOOP)).isEqualTo(loopBefore);
        }
    }
}
