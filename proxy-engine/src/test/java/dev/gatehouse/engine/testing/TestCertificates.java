package dev.gatehouse.engine.testing;

import dev.gatehouse.engine.tls.CertificateAuthority;
import dev.gatehouse.engine.tls.CertifiedKey;
import dev.gatehouse.engine.tls.KeyAlgorithm;
import dev.gatehouse.engine.tls.SubjectAltName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A development CA for one test, writing into a directory (a {@code @TempDir}): {@code ca.pem}, and
 * {@code <name>.pem} with {@code <name>-key.pem} per issued certificate, as {@code gatehouse-engine
 * certs} does. Clients trust the CA through {@link #clientContext()}.
 */
public final class TestCertificates {
    private final Path directory;
    private final CertificateAuthority ca;

    private TestCertificates(Path directory, CertificateAuthority ca) {
        this.directory = directory;
        this.ca = ca;
    }

    /** A fresh CA whose certificate is written to {@code directory/ca.pem}. */
    public static TestCertificates in(Path directory) {
        var ca = CertificateAuthority.create("Test CA " + directory.getFileName(), KeyAlgorithm.EC_P256, Duration.ofDays(2));
        try {
            ca.write(directory.resolve("ca.pem"), directory.resolve("ca-key.pem"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestCertificates(directory, ca);
    }

    public Path directory() {
        return directory;
    }

    public Path caFile() {
        return directory.resolve("ca.pem");
    }

    public CertificateAuthority ca() {
        return ca;
    }

    /**
     * Issues a server certificate and writes it as {@code name.pem} and {@code name-key.pem}.
     *
     * @param names as the command line writes them: {@code DNS:localhost}, {@code IP:127.0.0.1}
     */
    public CertifiedKey server(String name, String... names) {
        CertifiedKey issued = ca.issueServer(name, Arrays.stream(names).map(SubjectAltName::parse).toList(),
                Duration.ofDays(1), KeyAlgorithm.EC_P256);
        write(name, issued);
        return issued;
    }

    /** Writes {@code certified} as {@code name.pem} and {@code name-key.pem}, replacing what is there. */
    public void write(String name, CertifiedKey certified) {
        try {
            certified.write(cert(name), key(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path cert(String name) {
        return directory.resolve(name + ".pem");
    }

    public Path key(String name) {
        return directory.resolve(name + "-key.pem");
    }

    /** A client TLS context that trusts this CA only. */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Like {@link #clientContext()}, presenting {@code client} (its chain and key) when a server asks. */
    public SSLContext clientContext(CertifiedKey client) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", client.privateKey(), new char[0], client.chain().toArray(new X509Certificate[0]));
            var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, new char[0]);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A handshaken socket to 127.0.0.1:port, trusting this CA.
     *
     * @param serverName sent as SNI, or null to send none
     * @param protocols  the TLS versions the client allows, e.g. "TLSv1.2"; none means the JDK's defaults
     */
    public SSLSocket connect(SSLContext context, int port, String serverName, String... protocols) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(new Socket("127.0.0.1", port),
                "127.0.0.1", port, true);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        if (protocols.length > 0) {
            parameters.setProtocols(protocols);
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /** The certificate the server presented on {@code socket}. */
    public static X509Certificate peer(SSLSocket socket) {
        try {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new IllegalStateException(e);
        }
    }
}
