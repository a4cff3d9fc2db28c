package dev.gatehouse.engine.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.TestCertificates;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.tls.CertifiedKey;
import dev.gatehouse.engine.tls.KeyAlgorithm;
import dev.gatehouse.engine.tls.SubjectAltName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Envoy's connection and request properties through {@code proxy_get_property}, read by the conn_props
 * test module (source in wasm-filters/test/conn_props.c), which echoes them as x-prop-* response
 * headers: over a real TLS listener with SNI, one that asks for client certificates, and cleartext.
 */
class WasmConnectionPropertiesTest {
    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        certs = TestCertificates.in(dir);
        certs.server("server", "DNS:localhost", "IP:127.0.0.1");
        gw = TestGateway.start("""
                filters:
                  - name: props
                    type: wasm
                    config: {module: %s}
                listeners:
                  - name: secure
                    address: 127.0.0.1:0
                    http2: false
                    filters: [props]
                    tls: {certificates: [{cert: server.pem, key: server-key.pem}]}
                  - {name: plain, address: 127.0.0.1:0, filters: [props]}
                  - name: h2
                    address: 127.0.0.1:0
                    filters: [props]
                    tls: {certificates: [{cert: server.pem, key: server-key.pem}]}
                  - name: mutual
                    address: 127.0.0.1:0
                    http2: false
                    filters: [props]
                    tls: {certificates: [{cert: server.pem, key: server-key.pem}], client_ca: ca.pem}
                  - name: required
                    address: 127.0.0.1:0
                    http2: false
                    filters: [props]
                    tls:
                      certificates: [{cert: server.pem, key: server-key.pem}]
                      client_ca: ca.pem
                      require_client_certificate: true
                routes:
                  - {name: echo, match: {prefix: /}, cluster: echo}
                clusters:
                  - {name: echo, endpoints: [{backend: echo}]}
                demo_backends:
                  - {name: echo, kind: echo}
                """.formatted(WasmModules.test("conn_props")), dir);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void aTlsConnectionShowsItsAddressesVersionAndServerNameAndNoPeerCertificate() throws Exception {
        int port = gw.port("secure");
        try (var socket = certs.connect(certs.clientContext(), port, "localhost", "TLSv1.3");
             var raw = new RawHttp(socket)) {
            int localPort = socket.getLocalPort();
            var first = raw.send("GET /a HTTP/1.1\r\nHost: localhost\r\nx-request-id: req-1\r\n\r\n").readResponse();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("x-prop-source-address")).isEqualTo("127.0.0.1:" + localPort);
            assertThat(first.header("x-prop-source-port")).isEqualTo(Integer.toString(localPort));
            assertThat(first.header("x-prop-destination-address")).isEqualTo("127.0.0.1:" + port);
            assertThat(first.header("x-prop-destination-port")).isEqualTo(Integer.toString(port));
            assertThat(first.header("x-prop-connection-tls-version")).isEqualTo("TLSv1.3");
            assertThat(first.header("x-prop-connection-requested-server-name")).isEqualTo("localhost");
            assertThat(first.header("x-prop-connection-mtls")).isEqualTo("false");
            assertThat(first.header("x-prop-connection-subject-peer-certificate")).isNull();
            assertThat(first.header("x-prop-connection-uri-san-peer-certificate")).isNull();
            assertThat(first.header("x-prop-request-protocol")).isEqualTo("HTTP/1.1");
            assertThat(first.header("x-prop-request-scheme")).isEqualTo("https");
            assertThat(first.header("x-prop-request-id")).isEqualTo("req-1");
            long now = System.currentTimeMillis() * 1_000_000L;
            assertThat(Long.parseLong(first.header("x-prop-request-time")))
                    .isBetween(now - 60_000_000_000L, now + 1_000_000_000L);
            // The same connection keeps its id; another connection gets another.
            var second = raw.send("GET /b HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse();
            assertThat(second.header("x-prop-connection-id")).isEqualTo(first.header("x-prop-connection-id"));
            try (var other = certs.connect(certs.clientContext(), port, "localhost");
                 var otherRaw = new RawHttp(other)) {
                var third = otherRaw.send("GET /c HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse();
                assertThat(third.header("x-prop-connection-id")).isNotEqualTo(first.header("x-prop-connection-id"));
            }
        }
    }

    @Test
    void aClientCertificateShowsAsMutualTlsWithItsSubjectAndSpiffeId() throws Exception {
        var client = certs.ca().issueClient("wasm-client", List.of(SubjectAltName.uri("spiffe://gatehouse.test/ns/a/sa/web")),
                Duration.ofDays(1), KeyAlgorithm.EC_P256);
        try (var socket = certs.connect(certs.clientContext(client), gw.port("mutual"), "localhost");
             var raw = new RawHttp(socket)) {
            var response = raw.send("GET /a HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("x-prop-connection-mtls")).isEqualTo("true");
            assertThat(response.header("x-prop-connection-subject-peer-certificate")).isEqualTo("CN=wasm-client,O=Gatehouse development");
            assertThat(response.header("x-prop-connection-uri-san-peer-certificate"))
                    .isEqualTo("spiffe://gatehouse.test/ns/a/sa/web");
        }
        // The same listener still takes clients without a certificate (client_ca alone makes it optional).
        try (var socket = certs.connect(certs.clientContext(), gw.port("mutual"), "localhost");
             var raw = new RawHttp(socket)) {
            var response = raw.send("GET /a HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse();
            assertThat(response.header("x-prop-connection-mtls")).isEqualTo("false");
            assertThat(response.header("x-prop-connection-subject-peer-certificate")).isNull();
        }
    }

    @Test
    void aListenerThatRequiresAClientCertificateRefusesClientsWithout() throws Exception {
        var client = certs.ca().issueClient("required-client", List.of(), Duration.ofDays(1), KeyAlgorithm.EC_P256);
        try (var socket = certs.connect(certs.clientContext(client), gw.port("required"), "localhost");
             var raw = new RawHttp(socket)) {
            var response = raw.send("GET /a HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse();
            assertThat(response.header("x-prop-connection-mtls")).isEqualTo("true");
        }
        assertThatThrownBy(() -> {
            try (var socket = certs.connect(certs.clientContext(), gw.port("required"), "localhost");
                 var raw = new RawHttp(socket)) {
                raw.send("GET /a HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse();
            }
        }).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void anHttp2RequestSaysSo() throws Exception {
        var client = java.net.http.HttpClient.newBuilder().sslContext(certs.clientContext())
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        var response = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("https://127.0.0.1:" + gw.port("h2") + "/a")).timeout(Duration.ofSeconds(20)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
        assertThat(response.headers().firstValue("x-prop-request-protocol")).hasValue("HTTP/2");
        assertThat(response.headers().firstValue("x-prop-connection-tls-version")).isPresent();
    }

    @Test
    void aCleartextConnectionHasNoTlsProperties() throws Exception {
        try (var raw = new RawHttp(gw.port("plain"))) {
            var response = raw.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("x-prop-destination-port")).isEqualTo(Integer.toString(gw.port("plain")));
            assertThat(response.header("x-prop-connection-mtls")).isEqualTo("false");
            assertThat(response.header("x-prop-connection-tls-version")).isNull();
            assertThat(response.header("x-prop-connection-requested-server-name")).isNull();
            assertThat(response.header("x-prop-request-scheme")).isEqualTo("http");
            assertThat(response.header("x-prop-connection-id")).matches("[1-9][0-9]*");
        }
    }
}
