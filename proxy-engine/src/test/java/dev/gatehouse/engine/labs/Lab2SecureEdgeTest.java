package dev.gatehouse.engine.labs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.filters.jwt.LabTokens;
import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.TestGateway;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The curriculum's project 2 outcome, from the sample config: HTTPS, JWT on /secure-api, HTTP redirected. */
class Lab2SecureEdgeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway gw;
    private static HttpClient https;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.fromSample("lab2-secure-edge.yaml");
        https = HttpClient.newBuilder().sslContext(trusting(TestGateway.sample("certs/ca.pem"))).build();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static SSLContext trusting(java.nio.file.Path caPem) throws Exception {
        var trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("lab-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        var context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("https://localhost:" + gw.port("https") + path))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void plainHttpRedirectsToHttps() throws Exception {
        try (var raw = new RawHttp(gw.port("http"))) {
            var response = raw.send("GET /secure-api/orders?x=1 HTTP/1.1\r\nHost: localhost:8080\r\n\r\n").readResponse();
            assertThat(response.status()).isEqualTo(301);
            assertThat(response.header("location")).isEqualTo("https://localhost:8443/secure-api/orders?x=1");
        }
    }

    @Test
    void theSecureApiNeedsAValidToken() throws Exception {
        var anonymous = get("/secure-api/orders");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("www-authenticate").orElseThrow()).startsWith("Bearer");

        assertThat(get("/secure-api/orders", "authorization", "Bearer not.a.token").statusCode()).isEqualTo(401);

        String token = LabTokens.mint(gw.gateway().current().config(), null, null, "user123",
                List.of("orders.read"), Duration.ofMinutes(5), Clock.systemUTC());
        var allowed = get("/secure-api/orders", "authorization", "Bearer " + token);
        assertThat(allowed.statusCode()).isEqualTo(200);
        var echo = JSON.readTree(allowed.body());
        assertThat(echo.get("headers").get("x-user").asText()).isEqualTo("user123");
        assertThat(echo.get("headers").get("x-forwarded-proto").asText()).isEqualTo("https");
        assertThat(allowed.version()).isEqualTo(HttpClient.Version.HTTP_2); // ALPN h2
    }

    @Test
    void thePublicRouteNeedsNoToken() throws Exception {
        assertThat(get("/public/info").statusCode()).isEqualTo(200);
    }
}
