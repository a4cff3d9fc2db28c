package dev.gatehouse.engine.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A certificate chain and the private key of its first certificate: what a TLS server presents, or a
 * client that authenticates itself. {@link #load} checks that the key belongs to the certificate,
 * the mistake that otherwise only shows up as failed handshakes.
 *
 * @param chain the leaf certificate first, then any intermediates
 */
public record CertifiedKey(List<X509Certificate> chain, PrivateKey privateKey) {
    private static final byte[] PROBE = "gatehouse key check".getBytes(StandardCharsets.US_ASCII);

    public CertifiedKey {
        chain = List.copyOf(chain);
        Objects.requireNonNull(privateKey, "privateKey");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certified key needs at least one certificate");
        }
    }

    /**
     * Reads a PEM certificate chain and its PEM private key, and checks that they belong together.
     *
     * @throws CertificateFileException naming the file at fault, or saying that the key does not match
     */
    public static CertifiedKey load(Path certificateFile, Path keyFile) throws CertificateFileException {
        List<X509Certificate> chain = PemFiles.readCertificates(certificateFile);
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        if (!keyMatches(key, chain.get(0))) {
            throw new CertificateFileException("the private key in " + keyFile + " does not belong to the certificate in "
                    + certificateFile + " (" + chain.get(0).getSubjectX500Principal().getName() + ")");
        }
        return new CertifiedKey(chain, key);
    }

    /** Writes the chain and the key as PEM (the key as PKCS#8, owner-readable only). */
    public void write(Path certificateFile, Path keyFile) throws IOException {
        PemFiles.writeCertificates(certificateFile, chain);
        PemFiles.writePrivateKey(keyFile, privateKey);
    }

    /** The leaf: the certificate the key belongs to. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The leaf's DNS and IP names. */
    public List<SubjectAltName> subjectAltNames() {
        return SubjectAltName.of(certificate());
    }

    /** The leaf's DNS names, wildcards included: what SNI can select it by. */
    public List<String> dnsNames() {
        return subjectAltNames().stream().filter(n -> n.type() == SubjectAltName.Type.DNS).map(SubjectAltName::value).toList();
    }

    /** True while {@code now} lies within the leaf's validity period. */
    public boolean isValidAt(Instant now) {
        X509Certificate leaf = certificate();
        return !now.isBefore(leaf.getNotBefore().toInstant()) && !now.isAfter(leaf.getNotAfter().toInstant());
    }

    /** The leaf's SHA-256 fingerprint as colon-separated hex, as browsers and openssl show it. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate().getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint " + certificate().getSubjectX500Principal(), e);
        }
    }

    /**
     * True if {@code key} is the private key of {@code certificate}. A probe is signed with the one and
     * verified with the other, which works for every key type without deriving one key from the other.
     */
    public static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
        PublicKey publicKey = certificate.getPublicKey();
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true; // a key type we cannot probe (e.g. RSASSA-PSS): the handshake will tell
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "CertifiedKey{" + certificate().getSubjectX500Principal().getName() + ", " + subjectAltNames() + "}";
    }
}
