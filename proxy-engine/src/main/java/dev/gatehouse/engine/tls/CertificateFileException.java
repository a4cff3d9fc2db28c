package dev.gatehouse.engine.tls;

import java.io.IOException;

/**
 * A certificate or key file that cannot be used: missing, unreadable, not PEM, holding nothing of
 * the expected kind, or a key that does not belong to its certificate. The message names the file
 * and says what is wrong in words a config author can act on.
 */
public final class CertificateFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public CertificateFileException(String message) {
        super(message);
    }

    public CertificateFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
