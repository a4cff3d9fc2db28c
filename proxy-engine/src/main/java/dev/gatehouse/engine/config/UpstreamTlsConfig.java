package dev.gatehouse.engine.config;

import java.nio.file.Path;

/**
 * TLS from the gateway to a cluster's endpoints. The endpoint's certificate is verified against
 * {@code ca} (or the JDK's trusted roots when absent), and its name against {@code sni} (or the
 * endpoint's host as written).
 *
 * @param ca                 PEM bundle of trusted CA certificates; null trusts the JDK's default roots
 * @param sni                host name sent in SNI and checked against the certificate; null uses the endpoint host
 * @param clientCertificate  presented when the endpoint asks for one (mutual TLS); may be null
 * @param insecureSkipVerify accept any certificate for any name: for experiments only, never in production
 */
public record UpstreamTlsConfig(Path ca, String sni, CertificateFiles clientCertificate, boolean insecureSkipVerify) {
    /** TLS that trusts the JDK's roots and checks the endpoint's host name: what {@code tls: {}} means. */
    public static final UpstreamTlsConfig DEFAULTS = new UpstreamTlsConfig(null, null, null, false);
}
