package dev.gatehouse.engine.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development CA: what it issues, and how it writes and reads PEM. */
class CertificateAuthorityTest {
    private static final CertificateAuthority CA =
            CertificateAuthority.create("Test CA", KeyAlgorithm.EC_P256, Duration.ofDays(30));

    @TempDir
    Path dir;

    @Test
    void caIsASelfSignedRootThatSignsLeavesOnly() throws Exception {
        X509Certificate root = CA.certificate();

        root.verify(root.getPublicKey());
        assertThat(root.getBasicConstraints()).isZero();
        assertThat(root.getSubjectX500Principal().getName()).contains("CN=Test CA");
        assertThat(root.getKeyUsage()[5]).as("keyCertSign").isTrue();
    }

    @Test
    void serverCertificateCarriesItsNamesAndIsSignedByTheCa() throws Exception {
        CertifiedKey server = CA.issueServer("localhost",
                List.of(SubjectAltName.dns("localhost"), SubjectAltName.ip("127.0.0.1"), SubjectAltName.ip("::1")),
                Duration.ofDays(7), KeyAlgorithm.EC_P256);

        X509Certificate leaf = server.certificate();
        leaf.verify(CA.certificate().getPublicKey());
        assertThat(server.subjectAltNames()).extracting(SubjectAltName::toString)
                .containsExactly("DNS:localhost", "IP:127.0.0.1", "IP:::1");
        assertThat(server.dnsNames()).containsExactly("localhost");
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.isValidAt(Instant.now())).isTrue();
        assertThat(leaf.getNotAfter().toInstant()).isBefore(Instant.now().plus(Duration.ofDays(8)));
        assertThat(server.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void clientCertificateIsForClientAuthentication() throws Exception {
        CertifiedKey client = CA.issueClient("svc-a", List.of(), Duration.ofDays(1), KeyAlgorithm.RSA_2048);

        client.certificate().verify(CA.certificate().getPublicKey());
        assertThat(client.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth
        assertThat(client.privateKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void issuedCertificatesNeverOutliveTheCa() {
        CertifiedKey server = CA.issueServer("long", List.of(SubjectAltName.dns("long.test")), Duration.ofDays(3650),
                KeyAlgorithm.EC_P256);

        assertThat(server.certificate().getNotAfter()).isEqualTo(CA.certificate().getNotAfter());
    }

    @Test
    void anRsaCaSignsWithRsa() throws Exception {
        var rsa = CertificateAuthority.create("RSA CA", KeyAlgorithm.RSA_2048, Duration.ofDays(1));
        CertifiedKey server = rsa.issueServer("x", List.of(SubjectAltName.dns("x.test")), Duration.ofDays(1),
                KeyAlgorithm.EC_P256);

        server.certificate().verify(rsa.certificate().getPublicKey());
        assertThat(server.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
    }

    @Test
    void writesPemThatLoadsBackAndKeepsTheKeyPrivate() throws Exception {
        CA.write(dir.resolve("ca.pem"), dir.resolve("ca-key.pem"));

        CertificateAuthority loaded = CertificateAuthority.load(dir.resolve("ca.pem"), dir.resolve("ca-key.pem"));

        assertThat(loaded.certificate()).isEqualTo(CA.certificate());
        assertThat(Files.readString(dir.resolve("ca.pem"))).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(Files.readString(dir.resolve("ca-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("ca.pem", "ca-key.pem"); // no temporary files left
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsRefused() throws Exception {
        CertifiedKey a = CA.issueServer("a", List.of(SubjectAltName.dns("a.test")), Duration.ofDays(1), KeyAlgorithm.EC_P256);
        CertifiedKey b = CA.issueServer("b", List.of(SubjectAltName.dns("b.test")), Duration.ofDays(1), KeyAlgorithm.EC_P256);
        a.write(dir.resolve("a.pem"), dir.resolve("a-key.pem"));
        b.write(dir.resolve("b.pem"), dir.resolve("b-key.pem"));

        assertThatThrownBy(() -> CertifiedKey.load(dir.resolve("a.pem"), dir.resolve("b-key.pem")))
                .isInstanceOf(CertificateFileException.class)
                .hasMessage("the private key in " + dir.resolve("b-key.pem") + " does not belong to the certificate in "
                        + dir.resolve("a.pem") + " (CN=a,O=Gatehouse development)");
    }

    @Test
    void aLeafIsNotACa() throws Exception {
        CertifiedKey leaf = CA.issueServer("a", List.of(SubjectAltName.dns("a.test")), Duration.ofDays(1), KeyAlgorithm.EC_P256);
        leaf.write(dir.resolve("a.pem"), dir.resolve("a-key.pem"));

        assertThatThrownBy(() -> CertificateAuthority.load(dir.resolve("a.pem"), dir.resolve("a-key.pem")))
                .hasMessageContaining("is not a CA certificate");
    }

    @Test
    void unusableFilesAreNamedWithTheReason() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        Path keyAsCert = dir.resolve("key.pem");
        PemFiles.writePrivateKey(keyAsCert, CA.root().privateKey());

        assertThatThrownBy(() -> PemFiles.readCertificates(dir.resolve("missing.pem")))
                .hasMessage(dir.resolve("missing.pem") + ": no such file");
        assertThatThrownBy(() -> PemFiles.readCertificates(text))
                .hasMessage(text + " holds no certificate (expected a PEM block '-----BEGIN CERTIFICATE-----')");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(text))
                .hasMessageStartingWith(text + " holds no private key");
        assertThatThrownBy(() -> PemFiles.readCertificates(keyAsCert)).hasMessageContaining("holds no certificate");
        assertThatThrownBy(() -> PemFiles.readCertificates(dir)).hasMessage(dir + " is a directory, not a PEM file");
        Path der = Files.write(dir.resolve("ca.der"), CA.certificate().getEncoded());
        assertThatThrownBy(() -> PemFiles.readCertificates(der)).hasMessage(der + " is DER, not PEM; convert it with: "
                + "openssl x509 -inform der -in ca.der -out ca.der.pem (or openssl pkey for a key)");
    }

    @Test
    void readsTraditionalOpenSslKeys() throws Exception {
        CertifiedKey rsa = CA.issueServer("r", List.of(SubjectAltName.dns("r.test")), Duration.ofDays(1), KeyAlgorithm.RSA_2048);
        Path key = dir.resolve("rsa-key.pem");
        try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(Files.newBufferedWriter(key))) {
            writer.writeObject(rsa.privateKey()); // "RSA PRIVATE KEY": PKCS#1, as older OpenSSL writes it
        }
        PemFiles.writeCertificates(dir.resolve("rsa.pem"), rsa.chain());

        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(CertifiedKey.load(dir.resolve("rsa.pem"), key).certificate()).isEqualTo(rsa.certificate());
    }

    @Test
    void subjectAltNamesAreCheckedWhenParsed() {
        assertThat(SubjectAltName.parse("dns:API.Example.test")).isEqualTo(SubjectAltName.dns("api.example.test"));
        assertThat(SubjectAltName.parse("DNS:*.example.test").value()).isEqualTo("*.example.test");
        assertThat(SubjectAltName.parse("IP:10.0.0.1")).isEqualTo(new SubjectAltName(SubjectAltName.Type.IP, "10.0.0.1"));
        assertThatThrownBy(() -> SubjectAltName.parse("localhost"))
                .hasMessage("'localhost' is not a subject alternative name; write DNS:<name>, IP:<address> or URI:<uri>, "
                        + "e.g. DNS:localhost, IP:127.0.0.1 or URI:spiffe://example.org/web");
        assertThatThrownBy(() -> SubjectAltName.parse("IP:localhost")).hasMessage("'localhost' is not an IP address");
        assertThat(SubjectAltName.parse("URI:spiffe://a.test/sa/web")).isEqualTo(SubjectAltName.uri("spiffe://a.test/sa/web"));
        assertThatThrownBy(() -> SubjectAltName.parse("URI:no-scheme")).hasMessage("'no-scheme' is not an absolute URI");
        assertThatThrownBy(() -> SubjectAltName.parse("DNS:bad_name")).hasMessageStartingWith("'bad_name' is not a DNS name");
    }
}
