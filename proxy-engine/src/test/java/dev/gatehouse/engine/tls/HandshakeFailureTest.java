package dev.gatehouse.engine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Handshake failures as the JDK and Netty report them, reduced to a reason and a sentence. */
class HandshakeFailureTest {

    @Test
    void readsTheCauseChainThroughNettysWrappers() {
        assertThat(HandshakeFailure.of(new DecoderException(new NotSslRecordException("not an SSL/TLS record: 474554")))
                .reason()).isEqualTo(HandshakeFailure.NOT_TLS);
        assertThat(HandshakeFailure.of(handshake("Client requested protocol TLSv1.2 is not enabled or supported in "
                + "server context", null)).reason()).isEqualTo(HandshakeFailure.PROTOCOL_VERSION);
        assertThat(HandshakeFailure.of(handshake("The client supported protocol versions [TLSv1.2] are not accepted by "
                + "server preferences [TLSv1.3]", null)).reason()).isEqualTo(HandshakeFailure.PROTOCOL_VERSION);
        assertThat(HandshakeFailure.of(handshake("Received fatal alert: protocol_version", null)).reason())
                .isEqualTo(HandshakeFailure.PROTOCOL_VERSION);
        assertThat(HandshakeFailure.of(handshake("PKIX path building failed", new CertPathValidatorException("x")))
                .reason()).isEqualTo(HandshakeFailure.CERTIFICATE_UNTRUSTED);
        assertThat(HandshakeFailure.of(handshake("No subject alternative DNS name matching api.test found.",
                new CertificateException("No subject alternative DNS name matching api.test found."))).reason())
                .isEqualTo(HandshakeFailure.HOSTNAME_MISMATCH);
        assertThat(HandshakeFailure.of(handshake("Received fatal alert: certificate_unknown", null)).description())
                .isEqualTo("the peer rejected our certificate (certificate_unknown)");
    }

    @Test
    void anExpiredCertificateIsNotReportedAsUntrusted() {
        var validation = new CertPathValidatorException("validity check failed", new CertificateExpiredException("NotAfter: x"));

        assertThat(HandshakeFailure.of(handshake("PKIX path validation failed", validation)).reason())
                .isEqualTo(HandshakeFailure.CERTIFICATE_EXPIRED);
    }

    @Test
    void anythingElseKeepsItsOwnMessageOnce() {
        HandshakeFailure failure = HandshakeFailure.of(new DecoderException("javax.net.ssl.SSLException: odd",
                new javax.net.ssl.SSLException("odd")));

        assertThat(failure).isEqualTo(new HandshakeFailure(HandshakeFailure.OTHER, "odd"));
    }

    /** As the JDK throws it; Netty's DecoderException around it is covered above. */
    private static SSLHandshakeException handshake(String message, Throwable cause) {
        var e = new SSLHandshakeException(message);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
