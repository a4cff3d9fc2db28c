package dev.gatehouse.engine.upstream;

import dev.gatehouse.engine.config.ClusterConfig.UpstreamProtocol;
import dev.gatehouse.engine.config.UpstreamTlsConfig;
import dev.gatehouse.engine.tls.CertificateFileException;
import dev.gatehouse.engine.tls.CertifiedKey;
import dev.gatehouse.engine.tls.HandshakeFailure;
import dev.gatehouse.engine.tls.HandshakeTasks;
import dev.gatehouse.engine.tls.PemFiles;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * TLS from the gateway to the endpoints of one cluster: one client {@link SslContext} (so the JDK
 * resumes sessions per endpoint), the name each endpoint is verified against, and plain words for a
 * failed handshake. ALPN offers exactly the cluster's protocol, {@code h2} or {@code http/1.1}.
 *
 * <p>Pools lease a TLS connection only once its handshake is done, so an endpoint whose certificate
 * is refused fails the attempt as a connect failure (503, flag UF) with the reason, never as a reset
 * in the middle of a request.
 */
public final class UpstreamTls {
    /** The ALPN name of HTTP/2. */
    static final String H2 = "h2";

    private final UpstreamTlsConfig config;
    private final SslContext context;

    private UpstreamTls(UpstreamTlsConfig config, SslContext context) {
        this.config = config;
        this.context = context;
    }

    /**
     * Reads the CA bundle and client certificate, if any, and builds the client context.
     *
     * @throws CertificateFileException when a file is unusable or the client key does not match
     * @throws SSLException             when the JDK refuses the settings
     */
    public static UpstreamTls load(UpstreamTlsConfig config, UpstreamProtocol protocol)
            throws CertificateFileException, SSLException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(protocol, "protocol");
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                        SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT,
                        protocol == UpstreamProtocol.HTTP2 ? H2 : "http/1.1"));
        if (config.insecureSkipVerify()) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            if (config.ca() != null) {
                builder.trustManager(PemFiles.readCertificates(config.ca()));
            }
            builder.endpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host we meant
        }
        if (config.clientCertificate() != null) {
            CertifiedKey client = CertifiedKey.load(config.clientCertificate().cert(), config.clientCertificate().key());
            builder.keyManager(client.privateKey(), client.chain());
        }
        return new UpstreamTls(config, builder.build());
    }

    public UpstreamTlsConfig config() {
        return config;
    }

    /**
     * The TLS handler of a new connection to {@code endpoint}: it sends SNI and verifies the
     * certificate for {@code sni}, or for the endpoint's host as written (an IP address is checked
     * against the certificate's IP names).
     */
    SslHandler newHandler(ByteBufAllocator alloc, Endpoint endpoint, Duration handshakeTimeout) {
        SslHandler handler = context.newHandler(alloc, verifiedName(endpoint), endpoint.address().getPort(),
                HandshakeTasks.executor());
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }

    /** A failed handshake with {@code endpoint}, as the cause an exchange reports (503 UF). */
    IOException handshakeFailed(Endpoint endpoint, Throwable cause) {
        HandshakeFailure failure = HandshakeFailure.of(cause);
        String why = switch (failure.reason()) {
            case HandshakeFailure.CERTIFICATE_UNTRUSTED -> config.ca() != null
                    ? "the endpoint's certificate is not issued by a CA in tls.ca (" + config.ca() + ")"
                    : "the endpoint's certificate is not issued by a CA the JDK trusts (set the cluster's tls.ca)";
            case HandshakeFailure.HOSTNAME_MISMATCH -> "the endpoint's certificate is not valid for '"
                    + verifiedName(endpoint) + "'" + (config.sni() != null ? " (tls.sni)"
                    : "; set tls.sni to a name the certificate has");
            case HandshakeFailure.NOT_TLS -> "the endpoint does not speak TLS on this port";
            default -> failure.description();
        };
        return new IOException("TLS handshake failed: " + why, cause);
    }

    /** The endpoint did not choose HTTP/2 by ALPN although the cluster speaks it. */
    static IOException noHttp2(String chosen) {
        return new IOException("the endpoint did not agree to HTTP/2 by ALPN (it chose "
                + (chosen == null ? "nothing" : chosen) + "); set the cluster's protocol to http1, or enable HTTP/2 on it");
    }

    private String verifiedName(Endpoint endpoint) {
        return config.sni() != null ? config.sni() : endpoint.address().getHostString();
    }

    @Override
    public String toString() {
        return "UpstreamTls{ca=" + config.ca() + ", sni=" + config.sni() + "}";
    }
}
