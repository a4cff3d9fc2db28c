package dev.gatehouse.engine.tls;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Objects;

/**
 * Why a TLS handshake failed, as a short reason for metrics labels and a sentence for people. The
 * JDK reports handshake failures as exceptions whose class and message vary by side and cause; this
 * reads the cause chain once so that callers never parse messages themselves.
 *
 * @param reason      one of the {@code REASON_*} words, stable for dashboards
 * @param description what happened, without a stack trace
 */
public record HandshakeFailure(String reason, String description) {
    /** The peer sent something that is not TLS, e.g. plain HTTP to a TLS port. */
    public static final String NOT_TLS = "not_tls";
    /** No TLS version both sides allow, e.g. a TLS 1.2 client and a TLS 1.3-only server. */
    public static final String PROTOCOL_VERSION = "protocol_version";
    /** No cipher suite both sides allow. */
    public static final String NO_SHARED_CIPHER = "no_shared_cipher";
    /** ALPN found no protocol both sides speak. */
    public static final String NO_APPLICATION_PROTOCOL = "no_application_protocol";
    /** The peer's certificate does not chain to a trusted CA. */
    public static final String CERTIFICATE_UNTRUSTED = "certificate_untrusted";
    /** The peer's certificate is outside its validity period. */
    public static final String CERTIFICATE_EXPIRED = "certificate_expired";
    /** The peer's certificate does not name the host we meant to reach. */
    public static final String HOSTNAME_MISMATCH = "hostname_mismatch";
    /** The peer refused our certificate. */
    public static final String PEER_REJECTED_CERTIFICATE = "peer_rejected_certificate";
    /** The peer ended the handshake with another alert. */
    public static final String PEER_ALERT = "peer_alert";
    public static final String TIMEOUT = "timeout";
    /** The connection closed before the handshake finished. */
    public static final String CLOSED = "closed";
    public static final String OTHER = "other";

    private static final String ALERT = "Received fatal alert: ";

    public HandshakeFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(description, "description");
    }

    /** Classifies a handshake failure as Netty reports it (often wrapped in a DecoderException). */
    public static HandshakeFailure of(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return new HandshakeFailure(CERTIFICATE_EXPIRED, "the peer's certificate is expired or not yet valid ("
                        + t.getMessage() + ")");
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            HandshakeFailure known = ofOne(t);
            if (known != null) {
                return known;
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getMessage() != null && root.getCause().getMessage() != null
                && root.getMessage().contains(root.getCause().getMessage())) {
            root = root.getCause(); // Netty's wrappers repeat their cause's message; report it once
        }
        return new HandshakeFailure(OTHER, message(root));
    }

    private static HandshakeFailure ofOne(Throwable t) {
        if (t instanceof NotSslRecordException) {
            return new HandshakeFailure(NOT_TLS, "the peer did not speak TLS (plain HTTP to a TLS port?)");
        }
        if (t instanceof SslHandshakeTimeoutException) {
            return new HandshakeFailure(TIMEOUT, "the handshake timed out");
        }
        if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
            return new HandshakeFailure(CERTIFICATE_UNTRUSTED, "the peer's certificate is not signed by a trusted CA");
        }
        if (t instanceof ClosedChannelException) {
            return new HandshakeFailure(CLOSED, "the connection closed during the handshake");
        }
        String message = t.getMessage();
        if (message == null) {
            return null;
        }
        if (message.contains("subject alternative") || message.startsWith("No name matching")) {
            return new HandshakeFailure(HOSTNAME_MISMATCH, "the peer's certificate does not name the host: " + message);
        }
        int alert = message.indexOf(ALERT);
        if (alert >= 0) {
            return ofAlert(message.substring(alert + ALERT.length()).trim());
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("protocol version") || lower.contains("no appropriate protocol")
                || lower.contains("protocol") && lower.contains("not enabled or supported")) {
            return new HandshakeFailure(PROTOCOL_VERSION, "no TLS version in common (" + message + ")");
        }
        if (lower.contains("no cipher suites in common") || lower.contains("no negotiable cipher suite")) {
            return new HandshakeFailure(NO_SHARED_CIPHER, "no cipher suite in common");
        }
        if (lower.contains("application protocol") || lower.contains("no compatible protocols")) {
            return new HandshakeFailure(NO_APPLICATION_PROTOCOL, "no application protocol (ALPN) in common");
        }
        if (lower.contains("remote host terminated") || lower.contains("connection closed")
                || lower.contains("connection reset")) {
            return new HandshakeFailure(CLOSED, "the connection closed during the handshake");
        }
        return null;
    }

    private static HandshakeFailure ofAlert(String alert) {
        return switch (alert) {
            case "protocol_version" -> new HandshakeFailure(PROTOCOL_VERSION, "no TLS version in common (the peer "
                    + "sent protocol_version)");
            case "no_application_protocol" -> new HandshakeFailure(NO_APPLICATION_PROTOCOL,
                    "no application protocol (ALPN) in common");
            case "bad_certificate", "certificate_unknown", "unknown_ca", "certificate_expired", "certificate_revoked",
                 "unsupported_certificate", "access_denied" -> new HandshakeFailure(PEER_REJECTED_CERTIFICATE,
                    "the peer rejected our certificate (" + alert + ")");
            case "handshake_failure", "insufficient_security" -> new HandshakeFailure(PEER_ALERT,
                    "the peer refused the handshake (" + alert + "; no cipher suite or signature scheme in common?)");
            default -> new HandshakeFailure(PEER_ALERT, "the peer ended the handshake (" + alert + ")");
        };
    }

    private static String message(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return reason + ": " + description;
    }
}
