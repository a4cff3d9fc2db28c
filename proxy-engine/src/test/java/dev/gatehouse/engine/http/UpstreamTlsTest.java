package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.TestCertificates;
import dev.gatehouse.engine.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clusters with {@code tls}: the endpoint's certificate verified against the CA bundle and the name
 * (SNI or the endpoint's address), over HTTP/1.1 and HTTP/2 (ALPN), and the clear 503 when it is
 * refused. The endpoints are demo backends serving TLS with certificates of the test's CA; the client
 * itself speaks HTTPS to a TLS listener.
 */
class UpstreamTlsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static TestGateway gw;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        certs = TestCertificates.in(dir);
        certs.server("server", "IP:127.0.0.1");
        certs.server("backend", "IP:127.0.0.1", "DNS:backend.example.test");
        TestCertificates.in(dir.resolve("other")); // a CA that issued none of these
        gw = TestGateway.start("""
                listeners:
                  - name: main
                    address: 127.0.0.1:0
                    tls: {certificates: [{cert: server.pem, key: server-key.pem}]}
                routes:
                  - {name: trusted, match: {prefix: /trusted}, cluster: trusted}
                  - {name: trusted-h2, match: {prefix: /h2}, cluster: trusted-h2}
                  - {name: wrong-ca, match: {prefix: /wrong-ca}, cluster: wrong-ca}
                  - {name: wrong-name, match: {prefix: /wrong-name}, cluster: wrong-name}
                  - {name: named, match: {prefix: /named}, cluster: named}
                  - {name: insecure, match: {prefix: /insecure}, cluster: insecure}
                  - {name: plaintext, match: {prefix: /plaintext}, cluster: plaintext}
                  - {name: ws, match: {prefix: /ws}, cluster: ws}
                clusters:
                  - {name: trusted, endpoints: [{backend: secure-echo}], tls: {ca: ca.pem}}
                  - {name: trusted-h2, protocol: http2, endpoints: [{backend: secure-echo}], tls: {ca: ca.pem}}
                  - {name: wrong-ca, endpoints: [{backend: secure-echo}], tls: {ca: other/ca.pem}}
                  - {name: wrong-name, endpoints: [{backend: secure-echo}], tls: {ca: ca.pem, sni: other.example.test}}
                  - {name: named, endpoints: [{backend: secure-echo}], tls: {ca: ca.pem, sni: backend.example.test}}
                  - {name: insecure, endpoints: [{backend: secure-echo}], tls: {insecure_skip_verify: true}}
                  - {name: plaintext, endpoints: [{backend: plain-echo}], tls: {ca: ca.pem}}
                  - {name: ws, endpoints: [{backend: secure-ws}], tls: {ca: ca.pem}}
                demo_backends:
                  - {name: secure-echo, kind: echo, tls: {cert: backend.pem, key: backend-key.pem}}
                  - {name: plain-echo, kind: echo}
                  - {name: secure-ws, kind: websocket, tls: {cert: backend.pem, key: backend-key.pem}}
                """, dir);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(certs.clientContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void anEndpointWithACertificateOfTheTrustedCaIsReached() throws Exception {
        HttpResponse<String> response = get("/trusted/x");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.at("/protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(echo.at("/headers/x-forwarded-proto").asText()).as("the client came in over TLS").isEqualTo("https");
    }

    @Test
    void http2ToTheEndpointIsNegotiatedByAlpn() throws Exception {
        HttpResponse<String> response = get("/h2/x");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/protocol").asText()).isEqualTo("HTTP/2");
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedWithAClearReason() throws Exception {
        HttpResponse<String> response = get("/wrong-ca");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue(ResponseFlag.HEADER)).hasValue("UF");
        assertThat(JSON.readTree(response.body()).at("/error").asText()).matches("upstream connect error to "
                + "127\\.0\\.0\\.1:\\d+: TLS handshake failed: the endpoint's certificate is not issued by a CA in "
                + "tls\\.ca \\(.*/other/ca\\.pem\\)");
    }

    @Test
    void aCertificateThatDoesNotNameTheSniHostIsRefused() throws Exception {
        HttpResponse<String> response = get("/wrong-name");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(response.body()).at("/error").asText())
                .endsWith("TLS handshake failed: the endpoint's certificate is not valid for 'other.example.test' (tls.sni)");
    }

    @Test
    void sniNamesTheHostToVerify() throws Exception {
        assertThat(get("/named").statusCode()).isEqualTo(200);
    }

    @Test
    void insecureSkipVerifyAcceptsAnyCertificate() throws Exception {
        assertThat(get("/insecure").statusCode()).isEqualTo(200);
    }

    @Test
    void anEndpointThatDoesNotSpeakTlsIsNamedAsSuch() throws Exception {
        HttpResponse<String> response = get("/plaintext");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(response.body()).at("/error").asText())
                .endsWith("TLS handshake failed: the endpoint does not speak TLS on this port");
    }

    @Test
    void webSocketsTunnelThroughTlsOnBothSides() throws Exception {
        var received = new LinkedBlockingQueue<String>();
        WebSocket ws = client.newWebSocketBuilder().buildAsync(URI.create("wss://127.0.0.1:" + gw.port() + "/ws/chat"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        received.add(data.toString());
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);

        ws.sendText("over TLS twice", true).get(5, TimeUnit.SECONDS);

        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("over TLS twice");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        CompletableFuture.runAsync(ws::abort);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gw.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
