package dev.gatehouse.engine.config;

import dev.gatehouse.engine.config.ListenerTlsConfig.ServerCertificate;
import dev.gatehouse.engine.tls.CertificateFileException;
import dev.gatehouse.engine.tls.CertifiedKey;
import dev.gatehouse.engine.tls.PemFiles;
import dev.gatehouse.engine.tls.SubjectAltName;
import io.netty.util.NetUtil;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Binds the {@code tls} blocks of listeners, clusters and demo backends. File paths are resolved
 * against the config's directory, and every file is read on load, so a missing file, a file that
 * holds no certificate, or a key that belongs to another certificate is reported at its line rather
 * than as a failed apply or, worse, as failed handshakes.
 */
final class TlsBinder {
    private static final Map<String, TlsVersion> VERSIONS = versions();
    private static final Set<String> ALPN_PROTOCOLS = Set.of(ListenerTlsConfig.H2, ListenerTlsConfig.HTTP_1_1);

    private final Diagnostics diagnostics;
    private final Path baseDirectory;

    /** @param baseDirectory what relative file paths are relative to: the config file's directory */
    TlsBinder(Diagnostics diagnostics, Path baseDirectory) {
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        this.baseDirectory = baseDirectory.toAbsolutePath().normalize();
    }

    /** A listener's {@code tls}; null when absent or wrong (reported). */
    ListenerTlsConfig listener(MappingReader r, boolean http2) {
        if (r == null) {
            return null;
        }
        int errors = diagnostics.errorCount();
        List<ServerCertificate> certificates = serverCertificates(r);
        TlsVersion minVersion = r.optionalChoice("min_version", VERSIONS, ListenerTlsConfig.DEFAULT_MIN_VERSION);
        List<String> cipherSuites = cipherSuites(r, minVersion);
        List<String> alpn = alpn(r, http2);
        Duration sessionTimeout = r.optionalPositiveDuration("session_timeout", ListenerTlsConfig.DEFAULT_SESSION_TIMEOUT);
        if (sessionTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            r.error("session_timeout", "must be at least 1s");
        }
        int sessionCacheSize = r.optionalInt("session_cache_size", ListenerTlsConfig.DEFAULT_SESSION_CACHE_SIZE, 1,
                10_000_000);
        Duration reloadInterval = r.optionalDuration("reload_interval", ListenerTlsConfig.DEFAULT_RELOAD_INTERVAL);
        Path clientCa = optionalFile(r, "client_ca");
        if (clientCa != null) {
            readCertificates(r, "client_ca", clientCa);
        }
        boolean requireClientCertificate = r.optionalBoolean("require_client_certificate", false);
        if (requireClientCertificate && clientCa == null) {
            r.error("require_client_certificate", "needs client_ca, the CA file client certificates are verified against");
        }
        r.finish();
        if (diagnostics.errorCount() > errors) {
            return null;
        }
        return new ListenerTlsConfig(certificates, minVersion, cipherSuites, alpn, sessionTimeout, sessionCacheSize,
                reloadInterval, clientCa, requireClientCertificate);
    }

    /** A cluster's {@code tls}; null when absent or wrong (reported). */
    UpstreamTlsConfig upstream(MappingReader r) {
        if (r == null) {
            return null;
        }
        int errors = diagnostics.errorCount();
        Path ca = optionalFile(r, "ca");
        if (ca != null) {
            readCertificates(r, "ca", ca);
        }
        String sni = sni(r);
        CertificateFiles client = null;
        Path clientCert = optionalFile(r, "client_cert");
        Path clientKey = optionalFile(r, "client_key");
        if (clientCert != null && clientKey == null) {
            r.error("client_cert", "client_cert needs client_key, the file with its private key");
        } else if (clientKey != null && clientCert == null) {
            r.error("client_key", "client_key needs client_cert, the file with its certificate");
        } else if (clientCert != null && checkedPair(r, "client_cert", clientCert, "client_key", clientKey) != null) {
            client = new CertificateFiles(clientCert, clientKey);
        }
        boolean insecure = r.optionalBoolean("insecure_skip_verify", false);
        if (insecure && ca != null) {
            r.error("insecure_skip_verify", "cannot be combined with 'ca': with verification off the CA is never used");
        } else if (insecure) {
            r.warning("insecure_skip_verify", "the endpoints' certificates are not verified: anyone on the network "
                    + "path can pose as them; use 'ca' instead");
        }
        r.finish();
        return diagnostics.errorCount() == errors ? new UpstreamTlsConfig(ca, sni, client, insecure) : null;
    }

    /** A demo backend's {@code tls}: a certificate and key; null when absent or wrong (reported). */
    CertificateFiles backend(MappingReader r) {
        if (r == null) {
            return null;
        }
        int errors = diagnostics.errorCount();
        Path cert = requiredFile(r, "cert");
        Path key = requiredFile(r, "key");
        if (cert != null && key != null) {
            checkedPair(r, "cert", cert, "key", key);
        }
        r.finish();
        return diagnostics.errorCount() == errors ? new CertificateFiles(cert, key) : null;
    }

    // ---- listener parts

    private List<ServerCertificate> serverCertificates(MappingReader r) {
        if (!r.has("certificates")) {
            r.error("certificates", "missing required field 'certificates'");
            return List.of();
        }
        int errors = diagnostics.errorCount();
        List<ServerCertificate> certificates = new ArrayList<>();
        Map<String, Integer> claimedNames = new LinkedHashMap<>();
        for (MappingReader item : r.mappingList("certificates")) {
            ServerCertificate certificate = serverCertificate(item, claimedNames);
            if (certificate != null) {
                certificates.add(certificate);
            }
        }
        if (certificates.isEmpty() && diagnostics.errorCount() == errors) {
            r.error("certificates", "needs at least one certificate");
        }
        return certificates;
    }

    private ServerCertificate serverCertificate(MappingReader r, Map<String, Integer> claimedNames) {
        int errors = diagnostics.errorCount();
        Path cert = requiredFile(r, "cert");
        Path key = requiredFile(r, "key");
        List<String> serverNames = new ArrayList<>();
        for (MappingReader.Item item : r.stringList("server_names")) {
            try {
                String name = SubjectAltName.dns(item.value()).value();
                if (serverNames.contains(name)) {
                    diagnostics.error(item.position(), item.path(), "server name '" + name + "' is listed twice");
                } else {
                    serverNames.add(name);
                }
            } catch (IllegalArgumentException e) {
                diagnostics.error(item.position(), item.path(), e.getMessage());
            }
        }
        CertifiedKey certified = cert != null && key != null ? checkedPair(r, "cert", cert, "key", key) : null;
        r.finish();
        if (diagnostics.errorCount() > errors) {
            return null;
        }
        List<String> names = serverNames.isEmpty() ? certified.dnsNames() : serverNames;
        if (r.index() > 0 && names.isEmpty()) {
            r.warning("cert", "SNI can never choose this certificate: it has no DNS names and lists no server_names");
        }
        for (String name : names) {
            Integer first = claimedNames.putIfAbsent(name, r.index());
            if (first != null) {
                r.warning(serverNames.isEmpty() ? "cert" : "server_names", "'" + name + "' is also served by "
                        + "certificates[" + first + "], which SNI chooses for it");
            }
        }
        return new ServerCertificate(new CertificateFiles(cert, key), serverNames);
    }

    private List<String> cipherSuites(MappingReader r, TlsVersion minVersion) {
        int errors = diagnostics.errorCount();
        List<MappingReader.Item> items = r.stringList("cipher_suites");
        if (r.has("cipher_suites") && items.isEmpty() && diagnostics.errorCount() == errors) {
            r.error("cipher_suites", "needs at least one cipher suite; leave it out for the defaults");
            return List.of();
        }
        Set<String> supported = JdkCipherSuites.SUPPORTED;
        List<String> suites = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (MappingReader.Item item : items) {
            if (!supported.contains(item.value())) {
                diagnostics.error(item.position(), item.path(), "unknown cipher suite '" + item.value() + "'"
                        + Spelling.didYouMean(item.value(), ListenerTlsConfig.DEFAULT_CIPHER_SUITES));
            } else if (!seen.add(item.value())) {
                diagnostics.error(item.position(), item.path(), "cipher suite '" + item.value() + "' is listed twice");
            } else {
                suites.add(item.value());
            }
        }
        if (minVersion == TlsVersion.TLS_1_3 && !suites.isEmpty() && suites.stream().noneMatch(TlsBinder::isTls13Suite)) {
            r.error("cipher_suites", "min_version TLSv1.3 needs a TLS 1.3 suite in the list, e.g. "
                    + "TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384 or TLS_CHACHA20_POLY1305_SHA256");
        }
        return suites;
    }

    /** TLS 1.3 suites name no key exchange ("_WITH_"): it is negotiated separately. */
    private static boolean isTls13Suite(String suite) {
        return suite.startsWith("TLS_") && !suite.contains("_WITH_") && !suite.endsWith("_SCSV");
    }

    private List<String> alpn(MappingReader r, boolean http2) {
        int errors = diagnostics.errorCount();
        List<MappingReader.Item> items = r.stringList("alpn");
        if (r.has("alpn") && items.isEmpty() && diagnostics.errorCount() == errors) {
            r.error("alpn", "needs at least one protocol; leave it out for the default");
        }
        List<String> protocols = new ArrayList<>();
        for (MappingReader.Item item : items) {
            if (!ALPN_PROTOCOLS.contains(item.value())) {
                diagnostics.error(item.position(), item.path(), "unknown ALPN protocol '" + item.value()
                        + "'; expected h2 or http/1.1");
            } else if (protocols.contains(item.value())) {
                diagnostics.error(item.position(), item.path(), "'" + item.value() + "' is listed twice");
            } else if (item.value().equals(ListenerTlsConfig.H2) && !http2) {
                diagnostics.error(item.position(), item.path(), "h2 needs http2: true on the listener");
            } else {
                protocols.add(item.value());
            }
        }
        return protocols;
    }

    // ---- cluster parts

    private String sni(MappingReader r) {
        String sni = r.optionalString("sni", null);
        if (sni == null) {
            return null;
        }
        if (NetUtil.isValidIpV4Address(sni) || NetUtil.isValidIpV6Address(sni)) {
            r.error("sni", "must be a host name: TLS cannot send an IP address as SNI (leave 'sni' out to verify "
                    + "the endpoint's IP address)");
            return null;
        }
        try {
            String name = SubjectAltName.dns(sni).value();
            if (name.startsWith("*.")) {
                r.error("sni", "must be a host name, not a wildcard");
                return null;
            }
            return name;
        } catch (IllegalArgumentException e) {
            r.error("sni", e.getMessage());
            return null;
        }
    }

    // ---- files

    /** Reads both files and checks that the key belongs to the certificate; null after reporting. */
    private CertifiedKey checkedPair(MappingReader r, String certKey, Path cert, String keyKey, Path key) {
        List<X509Certificate> chain = readCertificates(r, certKey, cert);
        PrivateKey privateKey = readPrivateKey(r, keyKey, key);
        if (chain == null || privateKey == null) {
            return null;
        }
        if (!CertifiedKey.keyMatches(privateKey, chain.get(0))) {
            r.error(keyKey, "the private key in " + key + " does not belong to the certificate in " + cert);
            return null;
        }
        warnIfNotValidNow(r, certKey, chain.get(0));
        return new CertifiedKey(chain, privateKey);
    }

    private static void warnIfNotValidNow(MappingReader r, String key, X509Certificate certificate) {
        Instant now = Instant.now();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            r.warning(key, "the certificate expired on " + certificate.getNotAfter().toInstant() + "; peers will refuse it");
        } else if (now.isBefore(certificate.getNotBefore().toInstant())) {
            r.warning(key, "the certificate is not valid before " + certificate.getNotBefore().toInstant()
                    + "; peers will refuse it until then");
        }
    }

    private static List<X509Certificate> readCertificates(MappingReader r, String key, Path file) {
        try {
            return PemFiles.readCertificates(file);
        } catch (CertificateFileException e) {
            r.error(key, e.getMessage());
            return null;
        }
    }

    private static PrivateKey readPrivateKey(MappingReader r, String key, Path file) {
        try {
            return PemFiles.readPrivateKey(file);
        } catch (CertificateFileException e) {
            r.error(key, e.getMessage());
            return null;
        }
    }

    private Path requiredFile(MappingReader r, String key) {
        String text = r.requiredString(key);
        return text == null ? null : resolve(r, key, text);
    }

    private Path optionalFile(MappingReader r, String key) {
        String text = r.optionalString(key, null);
        return text == null ? null : resolve(r, key, text);
    }

    private Path resolve(MappingReader r, String key, String text) {
        try {
            return baseDirectory.resolve(text).normalize();
        } catch (InvalidPathException e) {
            r.error(key, "not a valid file path: " + e.getMessage());
            return null;
        }
    }

    private static Map<String, TlsVersion> versions() {
        Map<String, TlsVersion> versions = new LinkedHashMap<>();
        for (TlsVersion v : TlsVersion.values()) {
            versions.put(v.configName(), v);
        }
        return versions;
    }

    /** The cipher suites this JDK implements, read once. */
    private static final class JdkCipherSuites {
        static final Set<String> SUPPORTED = supported();

        private static Set<String> supported() {
            try {
                return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no default TLS context", e);
            }
        }
    }
}
