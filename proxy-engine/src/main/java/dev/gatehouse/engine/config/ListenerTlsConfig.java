package dev.gatehouse.engine.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * TLS on a listener: the certificates it presents, what it accepts of clients, and how it resumes
 * sessions and picks up renewed certificates.
 *
 * @param certificates   at least one; the first is presented when SNI matches no other (or is absent)
 * @param minVersion     the oldest TLS version accepted
 * @param cipherSuites   JDK cipher suite names in preference order; empty means {@link #DEFAULT_CIPHER_SUITES}
 * @param alpn           protocols offered by ALPN in preference order ({@code h2}, {@code http/1.1}); empty
 *                       means h2 (when the listener's {@code http2} is on) then http/1.1
 * @param sessionTimeout how long a session may be resumed without a full handshake
 * @param sessionCacheSize sessions kept for resumption, per certificate
 * @param reloadInterval how often the certificate and key files are checked for changes; zero never
 * @param clientCa       the CA file client certificates are verified against; when set the listener asks
 *                       clients for a certificate; null to ask for none
 * @param requireClientCertificate a client without a (valid) certificate fails the handshake; else it
 *                       may connect without one
 */
public record ListenerTlsConfig(
        List<ServerCertificate> certificates,
        TlsVersion minVersion,
        List<String> cipherSuites,
        List<String> alpn,
        Duration sessionTimeout,
        int sessionCacheSize,
        Duration reloadInterval,
        java.nio.file.Path clientCa,
        boolean requireClientCertificate) {

    public static final String H2 = "h2";
    public static final String HTTP_1_1 = "http/1.1";
    /**
     * AEAD suites with forward secrecy only: the TLS 1.3 suites, then ECDHE with AES-GCM or
     * ChaCha20-Poly1305 for TLS 1.2 (as Mozilla's "intermediate" profile).
     */
    public static final List<String> DEFAULT_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    public static final TlsVersion DEFAULT_MIN_VERSION = TlsVersion.TLS_1_2;
    /** As Envoy's default session ticket lifetime. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofHours(2);
    /** The JDK's own default. */
    public static final int DEFAULT_SESSION_CACHE_SIZE = 20480;
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);

    public ListenerTlsConfig {
        certificates = List.copyOf(certificates);
        Objects.requireNonNull(minVersion, "minVersion");
        cipherSuites = List.copyOf(cipherSuites);
        alpn = List.copyOf(alpn);
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        if (requireClientCertificate && clientCa == null) {
            throw new IllegalArgumentException("require_client_certificate needs client_ca");
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("a TLS listener needs at least one certificate");
        }
    }

    /** One certificate with its defaults: TLS 1.2 and newer, the default suites and ALPN. */
    public static ListenerTlsConfig of(CertificateFiles certificate) {
        return new ListenerTlsConfig(List.of(new ServerCertificate(certificate, List.of())), DEFAULT_MIN_VERSION,
                List.of(), List.of(), DEFAULT_SESSION_TIMEOUT, DEFAULT_SESSION_CACHE_SIZE, DEFAULT_RELOAD_INTERVAL, null, false);
    }

    /** The cipher suites to enable. */
    public List<String> effectiveCipherSuites() {
        return cipherSuites.isEmpty() ? DEFAULT_CIPHER_SUITES : cipherSuites;
    }

    /** The ALPN protocols to offer on a listener whose {@code http2} is as given. */
    public List<String> effectiveAlpn(boolean http2) {
        if (!alpn.isEmpty()) {
            return alpn;
        }
        return http2 ? List.of(H2, HTTP_1_1) : List.of(HTTP_1_1);
    }

    /**
     * A certificate and the host names SNI selects it by.
     *
     * @param serverNames host names (or {@code *.} wildcards); empty means the certificate's own DNS names
     */
    public record ServerCertificate(CertificateFiles files, List<String> serverNames) {
        public ServerCertificate {
            Objects.requireNonNull(files, "files");
            serverNames = List.copyOf(serverNames);
        }
    }
}
