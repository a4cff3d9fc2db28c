package dev.gatehouse.engine.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A PEM certificate chain and the PEM private key of its first certificate. Paths are absolute: the
 * loader resolves relative ones against the config file's directory.
 */
public record CertificateFiles(Path cert, Path key) {
    public CertificateFiles {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
    }
}
