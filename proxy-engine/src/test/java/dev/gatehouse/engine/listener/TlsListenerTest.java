package dev.gatehouse.engine.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.TestCertificates;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.tls.CertificateAuthority;
import dev.gatehouse.engine.tls.CertifiedKey;
import dev.gatehouse.engine.tls.KeyAlgorithm;
import dev.gatehouse.engine.tls.PemFiles;
import dev.gatehouse.engine.tls.SubjectAltName;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * TLS listeners with real handshakes on 127.0.0.1: HTTPS over HTTP/1.1 and HTTP/2 (ALPN), the minimum
 * version, SNI, failed handshakes counted without stack traces, session resumption, and certificates
 * renewed on disk while connections stay open. Certificates come from the development CA.
 */
class TlsListenerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static SSLContext trusting;
    private static TestGateway gw;
    private static ListAppender<ILoggingEvent> logs;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.in(dir);
        certs.server("server", "DNS:localhost", "IP:127.0.0.1");
        certs.server("a", "DNS:a.example.test", "IP:127.0.0.1");
        certs.server("b", "DNS:b.example.test", "DNS:*.b.example.test");
        certs.server("rotating", "IP:127.0.0.1");
        certs.server("renewed", "IP:127.0.0.1");
        trusting = certs.clientContext();
        writeTrust(certs.ca());
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        gw = TestGateway.start("""
                listeners:
                  - name: secure
                    address: 127.0.0.1:0
                    tls:
                      certificates: [{cert: server.pem, key: server-key.pem}]
                  - name: http1-only
                    address: 127.0.0.1:0
                    http2: false
                    tls: {certificates: [{cert: server.pem, key: server-key.pem}]}
                  - name: modern
                    address: 127.0.0.1:0
                    tls: {certificates: [{cert: server.pem, key: server-key.pem}], min_version: TLSv1.3}
                  - name: sni
                    address: 127.0.0.1:0
                    tls:
                      certificates:
                        - {cert: a.pem, key: a-key.pem}
                        - {cert: b.pem, key: b-key.pem}
                  - name: rotating
                    address: 127.0.0.1:0
                    tls: {certificates: [{cert: rotating.pem, key: rotating-key.pem}], reload_interval: 100ms}
                  - name: renewed
                    address: 127.0.0.1:0
                    tls: {certificates: [{cert: renewed.pem, key: renewed-key.pem}], reload_interval: 100ms}
                  - name: rotating-trust
                    address: 127.0.0.1:0
                    http2: false
                    tls:
                      certificates: [{cert: server.pem, key: server-key.pem}]
                      client_ca: trust.pem
                      require_client_certificate: true
                      reload_interval: 100ms
                routes:
                  - {name: echo, match: {prefix: /}, cluster: echo}
                clusters:
                  - {name: echo, endpoints: [{backend: echo}]}
                demo_backends:
                  - {name: echo, kind: echo}
                """, dir);
    }

    @AfterAll
    static void stop() {
        gw.close();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @Test
    void httpsOverHttp1ForwardsAsHttps() throws Exception {
        HttpResponse<String> response = get(HttpClient.Version.HTTP_1_1, "secure", "/hello");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.at("/headers/x-forwarded-proto").asText()).isEqualTo("https");
        assertThat(echo.at("/path").asText()).isEqualTo("/hello");
    }

    @Test
    void alpnChoosesHttp2WhenBothSidesSpeakIt() throws Exception {
        HttpResponse<String> response = get(HttpClient.Version.HTTP_2, "secure", "/h2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(JSON.readTree(response.body()).at("/headers/x-forwarded-proto").asText()).isEqualTo("https");
        assertThat(gw.metric("gatehouse_downstream_tls_handshakes_total{alpn=\"h2\",listener=\"secure\",version=\"TLSv1.3\"}"))
                .isPositive();
    }

    @Test
    void aListenerWithoutHttp2OffersOnlyHttp11() throws Exception {
        HttpResponse<String> response = get(HttpClient.Version.HTTP_2, "http1-only", "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void aTls12ClientIsRefusedByATls13OnlyListener() throws Exception {
        int port = gw.port("modern");
        String failures = "gatehouse_downstream_tls_handshake_failures_total{listener=\"modern\",reason=\"protocol_version\"}";

        assertThatThrownBy(() -> certs.connect(trusting, port, null, "TLSv1.2").close())
                .isInstanceOf(SSLHandshakeException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric(failures) == 1);
        try (SSLSocket socket = certs.connect(trusting, port, null, "TLSv1.3")) {
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void plainHttpOnATlsPortIsCountedAndClosedWithoutAStackTrace() throws Exception {
        try (var raw = new RawHttp(gw.port("http1-only"))) {
            raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.isClosedByPeer()).isTrue();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric(
                "gatehouse_downstream_tls_handshake_failures_total{listener=\"http1-only\",reason=\"not_tls\"}") == 1);
        // Other test classes share the root logger, so only this failure's own trace is looked for.
        assertThat(logs.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN) && mentionsNotTls(e.getThrowableProxy()));
    }

    @Test
    void sniChoosesTheCertificateThatNamesTheHost() throws Exception {
        int port = gw.port("sni");

        assertThat(presented(port, "b.example.test")).contains("DNS:b.example.test");
        assertThat(presented(port, "api.b.example.test")).as("wildcard").contains("DNS:b.example.test");
        assertThat(presented(port, "a.example.test")).contains("DNS:a.example.test");
        assertThat(presented(port, "other.example.test")).as("unknown name: the first").contains("DNS:a.example.test");
        assertThat(presented(port, null)).as("no SNI: the first").contains("DNS:a.example.test");
    }

    @Test
    void sessionsAreResumedWithoutAFullHandshake() throws Exception {
        SSLContext client = certs.clientContext(); // its own session cache
        int port = gw.port("secure");
        long first;
        try (SSLSocket socket = certs.connect(client, port, null, "TLSv1.2")) {
            first = socket.getSession().getCreationTime();
        }
        try (SSLSocket socket = certs.connect(client, port, null, "TLSv1.2")) {
            assertThat(socket.getSession().getCreationTime()).as("the same session, resumed").isEqualTo(first);
        }
    }

    @Test
    void aRenewedCertificateServesNewConnectionsWhileOpenOnesKeepWorking() throws Exception {
        int port = gw.port("rotating");
        try (SSLSocket open = certs.connect(trusting, port, null)) {
            var raw = new RawHttp(open);
            assertThat(raw.send("GET /before HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().status()).isEqualTo(200);
            X509Certificate before = TestCertificates.peer(open);

            X509Certificate renewed = certs.server("rotating", "IP:127.0.0.1").certificate();

            await().atMost(Duration.ofSeconds(10)).until(() -> serialOnNewConnection(port).equals(renewed.getSerialNumber()));
            assertThat(raw.send("GET /after HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().status()).isEqualTo(200);
            assertThat(TestCertificates.peer(open)).isEqualTo(before);
            assertThat(gw.metric("gatehouse_tls_certificate_reloads_total{listener=\"rotating\",result=\"reloaded\"}"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aRenewalThatCannotBeUsedKeepsTheCurrentCertificateUntilItIsFixed() throws Exception {
        int port = gw.port("renewed");
        BigInteger current = serialOnNewConnection(port);
        CertifiedKey next = certs.ca().issueServer("renewed", List.of(SubjectAltName.ip("127.0.0.1")),
                Duration.ofDays(1), KeyAlgorithm.EC_P256);
        PemFiles.writeCertificates(certs.cert("renewed"), next.chain()); // the key is still the old one

        await().atMost(Duration.ofSeconds(10)).until(() -> gw.metric(
                "gatehouse_tls_certificate_reloads_total{listener=\"renewed\",result=\"failed\"}") == 1);
        assertThat(serialOnNewConnection(port)).isEqualTo(current);

        PemFiles.writePrivateKey(certs.key("renewed"), next.privateKey());
        await().atMost(Duration.ofSeconds(10)).until(() -> serialOnNewConnection(port).equals(next.certificate().getSerialNumber()));
    }

    @Test
    void aRotatedClientCaDecidesWhichClientCertificatesNewConnectionsAccept() throws Exception {
        int port = gw.port("rotating-trust");
        CertifiedKey oldClient = certs.ca().issueClient("old-client", List.of(), Duration.ofDays(1), KeyAlgorithm.EC_P256);
        var nextCa = CertificateAuthority.create("Next client CA", KeyAlgorithm.EC_P256, Duration.ofDays(1));
        CertifiedKey newClient = nextCa.issueClient("new-client", List.of(), Duration.ofDays(1), KeyAlgorithm.EC_P256);
        assertThat(acceptsClient(port, oldClient)).isTrue();
        assertThat(acceptsClient(port, newClient)).isFalse();

        writeTrust(nextCa);

        await().atMost(Duration.ofSeconds(10)).until(() -> acceptsClient(port, newClient));
        assertThat(acceptsClient(port, oldClient)).isFalse();
        assertThat(gw.metric("gatehouse_tls_certificate_reloads_total{listener=\"rotating-trust\",result=\"reloaded\"}"))
                .isEqualTo(1);
    }

    private static void writeTrust(CertificateAuthority ca) throws java.io.IOException {
        PemFiles.writeCertificates(dir.resolve("trust.pem"), List.of(ca.certificate()));
    }

    /** Whether a request over a new connection presenting {@code client} gets an answer. */
    private static boolean acceptsClient(int port, CertifiedKey client) {
        try (SSLSocket socket = certs.connect(certs.clientContext(client), port, null); var raw = new RawHttp(socket)) {
            return raw.send("GET /who HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().status() == 200;
        } catch (java.io.IOException | RuntimeException refused) {
            return false; // TLS 1.3 reports a refused client certificate on the first read, as an alert
        }
    }

    @Test
    void aConfigApplyTurnsTlsOnWithoutANewSocketAndKeepsSessionsWhenTlsIsUnchanged() throws Exception {
        String cleartext = """
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - {name: hello, match: {prefix: /}, direct_response: {status: 200, body: "%s"}}
                """;
        String secure = """
                listeners:
                  - name: main
                    address: 127.0.0.1:0
                    tls: {certificates: [{cert: server.pem, key: server-key.pem}]}
                routes:
                  - {name: hello, match: {prefix: /}, direct_response: {status: 200, body: "%s"}}
                """;
        var loader = new ConfigLoader();
        try (var local = TestGateway.start(cleartext.formatted("plain"), dir)) {
            int port = local.port("main");
            local.gateway().apply(TestGateway.ephemeral(loader.load(secure.formatted("one"), "v2", dir).config()), "v2");
            assertThat(local.port("main")).isEqualTo(port);
            SSLContext client = certs.clientContext();
            long first;
            try (SSLSocket socket = certs.connect(client, port, null, "TLSv1.2")) {
                first = socket.getSession().getCreationTime();
                assertThat(new RawHttp(socket).send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().body())
                        .isEqualTo("one");
            }

            local.gateway().apply(TestGateway.ephemeral(loader.load(secure.formatted("two"), "v3", dir).config()), "v3");

            try (SSLSocket socket = certs.connect(client, port, null, "TLSv1.2")) {
                assertThat(socket.getSession().getCreationTime()).as("resumed across the apply").isEqualTo(first);
                assertThat(new RawHttp(socket).send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().body())
                        .isEqualTo("two");
            }
        }
    }

    private static boolean mentionsNotTls(IThrowableProxy thrown) {
        for (IThrowableProxy t = thrown; t != null; t = t.getCause()) {
            if (t.getClassName().endsWith("NotSslRecordException")) {
                return true;
            }
        }
        return false;
    }

    private static HttpResponse<String> get(HttpClient.Version version, String listener, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(version).sslContext(trusting)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gw.port(listener) + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> presented(int port, String serverName) throws Exception {
        // A fresh client each time: the JDK client resumes a cached session for the same host and port
        // with that session's server name, whatever name it is asked to send.
        try (SSLSocket socket = certs.connect(certs.clientContext(), port, serverName)) {
            return SubjectAltName.of(TestCertificates.peer(socket)).stream().map(Object::toString).toList();
        }
    }

    private static BigInteger serialOnNewConnection(int port) throws Exception {
        try (SSLSocket socket = certs.connect(trusting, port, null)) {
            return TestCertificates.peer(socket).getSerialNumber();
        }
    }
}
