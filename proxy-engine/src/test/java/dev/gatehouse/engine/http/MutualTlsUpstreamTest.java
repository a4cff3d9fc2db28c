package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.TestCertificates;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.tls.CertifiedKey;
import dev.gatehouse.engine.tls.KeyAlgorithm;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An upstream that demands a client certificate: the cluster's client_cert gets in, no certificate does not. */
class MutualTlsUpstreamTest {
    @Test
    void theClientCertificateIsPresentedUpstream(@TempDir Path dir) throws Exception {
        var certs = TestCertificates.in(dir);
        CertifiedKey backend = certs.server("backend", "IP:127.0.0.1");
        certs.write("gateway", certs.ca().issueClient("gateway", List.of(), Duration.ofDays(1), KeyAlgorithm.EC_P256));
        try (SSLServerSocket upstream = (SSLServerSocket) serverContext(backend, certs.ca().root().certificate())
                .getServerSocketFactory().createServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            upstream.setNeedClientAuth(true);
            Thread server = new Thread(() -> serve(upstream));
            server.setDaemon(true);
            server.start();
            try (var gw = TestGateway.start("""
                    listeners:
                      - {name: main, address: 127.0.0.1:0}
                    routes:
                      - {name: with, match: {prefix: /mutual}, cluster: with-cert}
                      - {name: without, match: {prefix: /anonymous}, cluster: without-cert}
                    clusters:
                      - name: with-cert
                        endpoints: [{address: "127.0.0.1:%1$d"}]
                        tls: {ca: "%2$s", client_cert: "%3$s", client_key: "%4$s"}
                      - name: without-cert
                        endpoints: [{address: "127.0.0.1:%1$d"}]
                        tls: {ca: "%2$s"}
                    """.formatted(upstream.getLocalPort(), certs.caFile(), certs.cert("gateway"), certs.key("gateway")))) {
                var accepted = gw.get("/mutual");
                assertThat(accepted.statusCode()).isEqualTo(200);
                assertThat(accepted.body()).contains("CN=gateway");
                var refused = gw.get("/anonymous");
                // TLS 1.3 lets the client finish its side before the server checks the certificate, so the
                // refusal shows either as a failed handshake (503 UF) or as a reset on first use (502 UR).
                assertThat(refused.statusCode()).isIn(502, 503);
                assertThat(refused.headers().firstValue(ResponseFlag.HEADER).orElseThrow()).isIn("UF", "UR");
            }
        }
    }

    private static SSLContext serverContext(CertifiedKey identity, X509Certificate trusted) throws Exception {
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("backend", identity.privateKey(), password, identity.chain().toArray(X509Certificate[]::new));
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", trusted);
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        var context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    /** Answers each connection's first request with the client certificate's subject. */
    private static void serve(SSLServerSocket upstream) {
        while (!upstream.isClosed()) {
            try (SSLSocket s = (SSLSocket) upstream.accept()) {
                s.startHandshake();
                String subject = ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
                InputStream in = s.getInputStream();
                int matched = 0;
                while (matched < 4) { // read to the end of the request head
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
                }
                byte[] body = ("client " + subject).getBytes(StandardCharsets.UTF_8);
                s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().write(body);
                s.getOutputStream().flush();
            } catch (Exception handshakeRefused) {
                // a client without a certificate: the handshake fails and the connection closes
            }
        }
    }
}
