package dev.gatehouse.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.config.ListenerTlsConfig.ServerCertificate;
import dev.gatehouse.engine.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tls} blocks of listeners, clusters and demo backends: paths resolved against the config's
 * directory, files checked on load with line and column, defaults, and export that loads back equal.
 */
class TlsConfigTest {
    private static final ConfigLoader LOADER = new ConfigLoader(Map.<String, String>of()::get);

    @TempDir
    Path dir;
    private TestCertificates certs;

    @BeforeEach
    void certificates() {
        certs = TestCertificates.in(dir.resolve("certs"));
        certs.server("server", "DNS:localhost", "IP:127.0.0.1");
        certs.server("api", "DNS:api.example.test");
        certs.server("other", "DNS:other.example.test");
    }

    @Test
    void pathsAreRelativeToTheConfigFileAndDefaultsApply() throws IOException {
        Path file = Files.createDirectories(dir.resolve("conf")).resolve("gw.yaml");
        Files.writeString(file, """
                listeners:
                  - name: secure
                    address: 127.0.0.1:8443
                    tls:
                      certificates: [{cert: ../certs/server.pem, key: ../certs/server-key.pem}]
                """);

        ListenerConfig listener = LOADER.load(file).config().listeners().get(0);

        assertThat(listener.tls()).isEqualTo(ListenerTlsConfig.of(
                new CertificateFiles(dir.resolve("certs/server.pem"), dir.resolve("certs/server-key.pem"))));
        assertThat(listener.scheme()).isEqualTo("https");
        assertThat(listener.tls().effectiveAlpn(listener.http2())).containsExactly("h2", "http/1.1");
        assertThat(listener.tls().effectiveAlpn(false)).containsExactly("http/1.1");
        assertThat(listener.tls().effectiveCipherSuites()).isEqualTo(ListenerTlsConfig.DEFAULT_CIPHER_SUITES);
        assertThat(listener.tls().minVersion().andNewer()).containsExactly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void everyListenerSetting() {
        ListenerTlsConfig tls = load("""
                listeners:
                  - name: secure
                    address: 127.0.0.1:8443
                    tls:
                      certificates:
                        - {cert: certs/server.pem, key: certs/server-key.pem}
                        - {cert: certs/api.pem, key: certs/api-key.pem, server_names: [API.example.test, "*.api.example.test"]}
                      min_version: TLSv1.3
                      cipher_suites: [TLS_AES_256_GCM_SHA384, TLS_AES_128_GCM_SHA256]
                      alpn: [http/1.1, h2]
                      session_timeout: 10m
                      session_cache_size: 100
                      reload_interval: 0
                """).listeners().get(0).tls();

        assertThat(tls).isEqualTo(new ListenerTlsConfig(List.of(
                new ServerCertificate(files("server"), List.of()),
                new ServerCertificate(files("api"), List.of("api.example.test", "*.api.example.test"))),
                TlsVersion.TLS_1_3, List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"), List.of("http/1.1", "h2"),
                Duration.ofMinutes(10), 100, Duration.ZERO, null, false));
    }

    @Test
    void listenerFilesAndValuesAreCheckedWhereTheyAreWritten() {
        assertThat(errors("""
                listeners:
                  - name: secure
                    address: 127.0.0.1:8443
                    http2: false
                    tls:
                      certificates:
                        - {cert: certs/missing.pem, key: certs/server-key.pem}
                        - {cert: certs/server.pem, key: certs/api-key.pem}
                        - {cert: certs/api-key.pem, key: certs/api.pem, server_names: [bad_name]}
                      min_version: TLSv1.1
                      cipher_suites: [TLS_AES_128_GCM_SHA265]
                      alpn: [h2, spdy]
                """)).containsExactly(
                "test.yaml:7:18: listeners[0].tls.certificates[0].cert: " + dir.resolve("certs/missing.pem")
                        + ": no such file",
                "test.yaml:8:41: listeners[0].tls.certificates[1].key: the private key in " + dir.resolve("certs/api-key.pem")
                        + " does not belong to the certificate in " + dir.resolve("certs/server.pem"),
                "test.yaml:9:18: listeners[0].tls.certificates[2].cert: " + dir.resolve("certs/api-key.pem")
                        + " holds no certificate (expected a PEM block '-----BEGIN CERTIFICATE-----')",
                "test.yaml:9:42: listeners[0].tls.certificates[2].key: " + dir.resolve("certs/api.pem")
                        + " holds no private key (expected a PEM block such as '-----BEGIN PRIVATE KEY-----')",
                "test.yaml:9:72: listeners[0].tls.certificates[2].server_names[0]: 'bad_name' is not a DNS name "
                        + "(letters, digits, '-' and '.', optionally starting with '*.')",
                "test.yaml:10:20: listeners[0].tls.min_version: expected one of TLSv1.2, TLSv1.3, got 'TLSv1.1' (did you mean 'TLSv1.2'?)",
                "test.yaml:11:23: listeners[0].tls.cipher_suites[0]: unknown cipher suite 'TLS_AES_128_GCM_SHA265' "
                        + "(did you mean 'TLS_AES_128_GCM_SHA256'?)",
                "test.yaml:12:14: listeners[0].tls.alpn[0]: h2 needs http2: true on the listener",
                "test.yaml:12:18: listeners[0].tls.alpn[1]: unknown ALPN protocol 'spdy'; expected h2 or http/1.1");
    }

    @Test
    void aTlsBlockNeedsACertificateAndTls13NeedsATls13Suite() {
        assertThat(errors("""
                listeners:
                  - {name: a, address: 127.0.0.1:1, tls: {}}
                  - name: b
                    address: 127.0.0.1:2
                    tls:
                      certificates: [{cert: certs/server.pem, key: certs/server-key.pem}]
                      min_version: TLSv1.3
                      cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]
                """)).containsExactly(
                "test.yaml:2:42: listeners[0].tls.certificates: missing required field 'certificates'",
                "test.yaml:8:22: listeners[1].tls.cipher_suites: min_version TLSv1.3 needs a TLS 1.3 suite in the list, "
                        + "e.g. TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384 or TLS_CHACHA20_POLY1305_SHA256");
    }

    @Test
    void certificatesSniCannotChooseAreWarnedAbout() {
        assertThat(LOADER.load("""
                listeners:
                  - name: secure
                    address: 127.0.0.1:8443
                    tls:
                      certificates:
                        - {cert: certs/api.pem, key: certs/api-key.pem}
                        - {cert: certs/other.pem, key: certs/other-key.pem, server_names: [api.example.test]}
                """, "test.yaml", dir).warnings()).extracting(ConfigWarning::toString).containsExactly(
                "test.yaml:7:75: warning: listeners[0].tls.certificates[1].server_names: 'api.example.test' is also "
                        + "served by certificates[0], which SNI chooses for it");
    }

    @Test
    void clusterTlsWithItsChecks() {
        GatewayConfig config = load("""
                clusters:
                  - name: secure
                    endpoints: [{address: "localhost:8443"}]
                    tls: {ca: certs/ca.pem, sni: API.example.test, client_cert: certs/other.pem, client_key: certs/other-key.pem}
                  - {name: public, endpoints: [{address: "example.com:443"}], tls: {}}
                """);

        assertThat(config.clusters().get(0).tls()).isEqualTo(new UpstreamTlsConfig(dir.resolve("certs/ca.pem"),
                "api.example.test", files("other"), false));
        assertThat(config.clusters().get(1).tls()).isEqualTo(UpstreamTlsConfig.DEFAULTS);
        assertThat(errors("""
                clusters:
                  - name: a
                    endpoints: [{address: "localhost:8443"}]
                    tls: {ca: certs/nope.pem, sni: 127.0.0.1, client_cert: certs/other.pem}
                  - name: b
                    endpoints: [{address: "localhost:8443"}]
                    tls: {ca: certs/ca.pem, insecure_skip_verify: true}
                """)).containsExactly(
                "test.yaml:4:15: clusters[0].tls.ca: " + dir.resolve("certs/nope.pem") + ": no such file",
                "test.yaml:4:36: clusters[0].tls.sni: must be a host name: TLS cannot send an IP address as SNI "
                        + "(leave 'sni' out to verify the endpoint's IP address)",
                "test.yaml:4:60: clusters[0].tls.client_cert: client_cert needs client_key, the file with its private key",
                "test.yaml:7:51: clusters[1].tls.insecure_skip_verify: cannot be combined with 'ca': with verification "
                        + "off the CA is never used");
        assertThat(LOADER.load("""
                clusters:
                  - {name: a, endpoints: [{address: "localhost:8443"}], tls: {insecure_skip_verify: true}}
                """, "test.yaml", dir).warnings()).extracting(ConfigWarning::toString).containsExactly(
                "test.yaml:2:85: warning: clusters[0].tls.insecure_skip_verify: the endpoints' certificates are not "
                        + "verified: anyone on the network path can pose as them; use 'ca' instead");
    }

    @Test
    void demoBackendTls() {
        assertThat(load("""
                demo_backends:
                  - {name: secure-echo, kind: echo, tls: {cert: certs/server.pem, key: certs/server-key.pem}}
                """).demoBackends().get(0).tls()).isEqualTo(files("server"));
    }

    @Test
    void exportWritesAbsolutePathsOrPathsRelativeToWhereTheFileWillBe() {
        GatewayConfig config = load("""
                listeners:
                  - name: secure
                    address: 127.0.0.1:8443
                    tls:
                      certificates:
                        - {cert: certs/server.pem, key: certs/server-key.pem}
                        - {cert: certs/api.pem, key: certs/api-key.pem, server_names: [api.example.test]}
                      min_version: TLSv1.3
                      alpn: [http/1.1]
                      reload_interval: 1s
                      client_ca: certs/ca.pem
                      require_client_certificate: true
                clusters:
                  - {name: a, endpoints: [{address: "localhost:8443"}], tls: {ca: certs/ca.pem, sni: a.example.test}}
                  - {name: b, endpoints: [{address: "localhost:8443"}], tls: {}}
                demo_backends:
                  - {name: e, kind: echo, tls: {cert: certs/server.pem, key: certs/server-key.pem}}
                """);

        String relative = ConfigExporter.toYaml(config, dir);
        assertThat(relative).contains("""
                    tls:
                      certificates:
                        - cert: certs/server.pem
                          key: certs/server-key.pem
                        - cert: certs/api.pem
                          key: certs/api-key.pem
                          server_names:
                            - api.example.test
                      min_version: TLSv1.3
                      alpn:
                        - http/1.1
                      reload_interval: 1s
                      client_ca: certs/ca.pem
                      require_client_certificate: true
                """).contains("    tls: {}\n");
        assertThat(LOADER.load(relative, "exported.yaml", dir).config()).isEqualTo(config);
        String absolute = ConfigExporter.toYaml(config);
        assertThat(absolute).contains("cert: " + dir.resolve("certs/server.pem"));
        assertThat(LOADER.load(absolute, "exported.yaml", Path.of("/")).config()).isEqualTo(config);
        assertThat(LOADER.load(ConfigExporter.toJson(config, dir), "exported.json", dir).config()).isEqualTo(config);
    }

    @Test
    void requiringAClientCertificateNeedsAClientCa() {
        assertThat(errors("""
                listeners:
                  - name: secure
                    address: 127.0.0.1:8443
                    tls:
                      certificates: [{cert: certs/server.pem, key: certs/server-key.pem}]
                      require_client_certificate: true
                """)).singleElement().asString().contains("require_client_certificate").contains("needs client_ca");
        assertThat(load("""
                listeners:
                  - name: secure
                    address: 127.0.0.1:8443
                    tls:
                      certificates: [{cert: certs/server.pem, key: certs/server-key.pem}]
                      client_ca: certs/ca.pem
                """).listeners().get(0).tls().clientCa()).isEqualTo(dir.resolve("certs/ca.pem"));
    }

    private CertificateFiles files(String name) {
        return new CertificateFiles(certs.cert(name), certs.key(name));
    }

    private GatewayConfig load(String yaml) {
        return LOADER.load(yaml, "test.yaml", dir).config();
    }

    private List<String> errors(String yaml) {
        try {
            LOADER.load(yaml, "test.yaml", dir);
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
        throw new AssertionError("expected config errors, but the config loaded:\n" + yaml);
    }
}
