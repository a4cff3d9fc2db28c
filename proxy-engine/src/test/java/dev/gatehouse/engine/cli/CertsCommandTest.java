package dev.gatehouse.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.tls.CertificateAuthority;
import dev.gatehouse.engine.tls.CertifiedKey;
import dev.gatehouse.engine.tls.SubjectAltName;
import dev.gatehouse.engine.tls.PemFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certs}: a development CA and certificates issued by it, as PEM files that load back. */
class CertsCommandTest {
    @TempDir
    Path dir;

    @Test
    void createsACaAndIssuesAServerCertificateWithItsNames() throws Exception {
        Path ca = dir.resolve("ca");
        Path out = dir.resolve("certs");

        CliResult created = CliResult.execute("certs", "ca", "--out", ca.toString());
        CliResult issued = CliResult.execute("certs", "server", "--ca", ca.toString(), "--out", out.toString(),
                "--name", "localhost", "--san", "DNS:localhost", "--san", "IP:127.0.0.1", "--days", "30");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("wrote " + ca.resolve("ca.pem") + " (certificate) and "
                + ca.resolve("ca-key.pem") + " (private key: keep it secret)", "CN=Gatehouse Development CA");
        assertThat(issued.exitCode()).as(issued.err()).isZero();
        assertThat(issued.out()).contains("names:       DNS:localhost, IP:127.0.0.1",
                "issued by:   CN=Gatehouse Development CA");
        CertificateAuthority authority = CertificateAuthority.load(ca.resolve("ca.pem"), ca.resolve("ca-key.pem"));
        CertifiedKey server = CertifiedKey.load(out.resolve("server.pem"), out.resolve("server-key.pem"));
        server.certificate().verify(authority.certificate().getPublicKey());
        assertThat(server.subjectAltNames()).containsExactly(SubjectAltName.dns("localhost"), SubjectAltName.ip("127.0.0.1"));
        assertThat(server.privateKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void withoutSansTheNameIsCertifiedAndFileNamesAndKeysCanBeChosen() throws Exception {
        CliResult.execute("certs", "ca", "--out", dir.toString(), "--key", "rsa");

        CliResult byIp = CliResult.execute("certs", "server", "--ca", dir.toString(), "--out", dir.toString(),
                "--name", "127.0.0.1", "--file", "loopback", "--key", "rsa-2048");
        CliResult client = CliResult.execute("certs", "client", "--ca", dir.toString(), "--out", dir.toString(),
                "--name", "svc-a");

        assertThat(byIp.exitCode()).as(byIp.err()).isZero();
        CertifiedKey loopback = CertifiedKey.load(dir.resolve("loopback.pem"), dir.resolve("loopback-key.pem"));
        assertThat(loopback.subjectAltNames()).containsExactly(SubjectAltName.ip("127.0.0.1"));
        assertThat(loopback.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(loopback.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(client.exitCode()).as(client.err()).isZero();
        assertThat(CertifiedKey.load(dir.resolve("client.pem"), dir.resolve("client-key.pem")).certificate()
                .getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    }

    @Test
    void aClientCertificateCarriesAUriNameSuchAsASpiffeId() throws Exception {
        CliResult.execute("certs", "ca", "--out", dir.toString());

        CliResult client = CliResult.execute("certs", "client", "--ca", dir.toString(), "--out", dir.toString(),
                "--name", "web", "--san", "URI:spiffe://gatehouse.test/ns/a/sa/web");

        assertThat(client.exitCode()).as(client.err()).isZero();
        var certificate = CertifiedKey.load(dir.resolve("client.pem"), dir.resolve("client-key.pem")).certificate();
        assertThat(certificate.getSubjectAlternativeNames())
                .containsExactly(java.util.List.of(6, "spiffe://gatehouse.test/ns/a/sa/web")); // 6: uniformResourceIdentifier
    }

    @Test
    void aLabServesHttpsWithCertificatesFromTheCommandLine() throws Exception {
        Path certs = dir.resolve("certs");
        CliResult.execute("certs", "ca", "--out", certs.toString());
        CliResult.execute("certs", "server", "--ca", certs.toString(), "--out", certs.toString(), "--name", "localhost",
                "--san", "DNS:localhost", "--san", "IP:127.0.0.1");
        // Relative to the config file, wherever the command runs from.
        Path config = Files.writeString(dir.resolve("gw.yaml"), """
                admin: {address: 127.0.0.1:0, token: t}
                engine: {drain_time: 200ms}
                listeners:
                  - name: secure
                    address: 127.0.0.1:0
                    tls: {certificates: [{cert: certs/server.pem, key: certs/server-key.pem}]}
                routes:
                  - {name: hello, match: {prefix: /}, direct_response: {status: 200, body: "hello over TLS"}}
                """);

        try (var run = RunningCli.start("run", "-c", config.toString())) {
            int port = Integer.parseInt(run.awaitOut("listener secure on https://127\\.0\\.0\\.1:(\\d+)"));
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(certs.resolve("ca.pem"))).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.body()).isEqualTo("hello over TLS");
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        }
    }

    @Test
    void existingFilesAreKeptUnlessForced() throws Exception {
        CliResult.execute("certs", "ca", "--out", dir.toString());
        String before = Files.readString(dir.resolve("ca.pem"));

        CliResult refused = CliResult.execute("certs", "ca", "--out", dir.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().strip()).isEqualTo("error: " + dir.resolve("ca.pem") + " and " + dir.resolve("ca-key.pem")
                + " exist; pass --force to replace them");
        assertThat(Files.readString(dir.resolve("ca.pem"))).isEqualTo(before);

        assertThat(CliResult.execute("certs", "ca", "--out", dir.toString(), "--force").exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("ca.pem"))).isNotEqualTo(before);
    }

    @Test
    void aMissingCaIsExplained() {
        CliResult result = CliResult.execute("certs", "server", "--ca", dir.resolve("nowhere").toString(),
                "--out", dir.toString(), "--name", "localhost");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("error: cannot use the CA in " + dir.resolve("nowhere") + ": "
                + dir.resolve("nowhere/ca.pem") + ": no such file (create one with: gatehouse-engine certs ca --out "
                + dir.resolve("nowhere") + ")");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void badNamesKeysAndDaysAreUsageErrors() {
        CliResult.execute("certs", "ca", "--out", dir.toString());

        CliResult badSan = CliResult.execute("certs", "server", "--ca", dir.toString(), "--out", dir.toString(),
                "--name", "x", "--san", "localhost");
        CliResult badKey = CliResult.execute("certs", "ca", "--out", dir.resolve("b").toString(), "--key", "dsa");
        CliResult badDays = CliResult.execute("certs", "ca", "--out", dir.resolve("c").toString(), "--days", "0");
        CliResult noSubcommand = CliResult.execute("certs");

        assertThat(badSan.exitCode()).isEqualTo(2);
        assertThat(badSan.err()).contains("'localhost' is not a subject alternative name; write DNS:<name>, IP:<address> or URI:<uri>");
        assertThat(badKey.exitCode()).isEqualTo(2);
        assertThat(badKey.err()).contains("unknown key type 'dsa'");
        assertThat(badDays.exitCode()).isEqualTo(2);
        assertThat(badDays.err()).contains("--days must be between 1 and 36500, got 0");
        assertThat(noSubcommand.exitCode()).isEqualTo(2);
        assertThat(noSubcommand.err()).contains("Missing required subcommand: ca, server or client");
    }

    private static SSLContext trusting(Path caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", PemFiles.readCertificates(caFile).get(0));
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
