package dev.gatehouse.engine.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A development certificate authority: a self-signed root that issues server certificates (with the
 * DNS names and IP addresses clients will check) and client certificates, so a lab or a test has
 * working TLS without an outside tool. Trust its certificate ({@link #certificate()}) in the client,
 * and only there: it is meant for development, not for anything public.
 *
 * <p>Issued certificates follow what browsers and the JDK demand of a server certificate: subject
 * alternative names (the common name is not checked by anyone), the serverAuth or clientAuth
 * extended key usage, a random 127-bit serial number, and a validity that starts a few minutes in
 * the past so that a peer whose clock is slightly behind accepts them at once.
 */
public final class CertificateAuthority {
    /** The default lifetime of a CA: long enough that a lab setup never has to redo it. */
    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
    /** The default lifetime of an issued certificate; Apple platforms refuse server certificates beyond 825 days. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(825);
    /** How far back validity starts, for peers whose clocks lag. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final String ORGANIZATION = "Gatehouse development";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CertifiedKey root;

    private CertificateAuthority(CertifiedKey root) {
        this.root = root;
    }

    /**
     * Creates a new self-signed root.
     *
     * @param commonName e.g. "Gatehouse Development CA"
     */
    public static CertificateAuthority create(String commonName, KeyAlgorithm algorithm, Duration validity) {
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(algorithm, "algorithm");
        requirePositive(validity);
        KeyPair keys = algorithm.generate();
        X500Name subject = name(commonName);
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(subject, serialNumber(), Date.from(now.minus(CLOCK_SKEW)),
                Date.from(now.plus(validity)), subject, keys.getPublic());
        try {
            var extensions = new JcaX509ExtensionUtils();
            // pathLen 0: this root signs leaf certificates only, never another CA.
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keys.getPublic()));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a CA certificate", e);
        }
        X509Certificate certificate = sign(builder, keys.getPrivate());
        return new CertificateAuthority(new CertifiedKey(List.of(certificate), keys.getPrivate()));
    }

    /**
     * Reads a CA written by {@link #write} (or any CA certificate and its key).
     *
     * @throws CertificateFileException if a file is unusable, the key does not match, or the
     *                                  certificate is not a CA certificate
     */
    public static CertificateAuthority load(Path certificateFile, Path keyFile) throws CertificateFileException {
        CertifiedKey root = CertifiedKey.load(certificateFile, keyFile);
        if (root.certificate().getBasicConstraints() < 0) {
            throw new CertificateFileException(certificateFile + " is not a CA certificate (its basic constraints "
                    + "do not allow it to sign certificates)");
        }
        try {
            KeyAlgorithm.signatureAlgorithm(root.privateKey());
        } catch (IllegalArgumentException e) {
            throw new CertificateFileException(keyFile + ": " + e.getMessage());
        }
        return new CertificateAuthority(root);
    }

    /** Writes the CA certificate and its key as PEM. */
    public void write(Path certificateFile, Path keyFile) throws IOException {
        root.write(certificateFile, keyFile);
    }

    /** The root certificate: what clients trust. */
    public X509Certificate certificate() {
        return root.certificate();
    }

    /** The root certificate with its key. */
    public CertifiedKey root() {
        return root;
    }

    /**
     * Issues a server certificate with a fresh key.
     *
     * @param names the DNS names and IP addresses clients will connect by; at least one
     */
    public CertifiedKey issueServer(String commonName, List<SubjectAltName> names, Duration validity,
                                    KeyAlgorithm algorithm) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one DNS name or IP address");
        }
        return issue(commonName, names, validity, algorithm, KeyPurposeId.id_kp_serverAuth);
    }

    /**
     * Issues a client certificate with a fresh key, for a client that proves who it is (mutual TLS).
     *
     * @param names optional DNS names and IP addresses of the client
     */
    public CertifiedKey issueClient(String commonName, List<SubjectAltName> names, Duration validity,
                                    KeyAlgorithm algorithm) {
        return issue(commonName, names, validity, algorithm, KeyPurposeId.id_kp_clientAuth);
    }

    private CertifiedKey issue(String commonName, List<SubjectAltName> names, Duration validity, KeyAlgorithm algorithm,
                               KeyPurposeId purpose) {
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(algorithm, "algorithm");
        requirePositive(validity);
        KeyPair keys = algorithm.generate();
        Instant now = Instant.now();
        Instant notAfter = now.plus(validity);
        Instant caNotAfter = certificate().getNotAfter().toInstant();
        // A certificate cannot outlive its issuer: clients would reject it from that day on anyway.
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter;
        }
        var builder = new JcaX509v3CertificateBuilder(certificate(), serialNumber(), Date.from(now.minus(CLOCK_SKEW)),
                Date.from(notAfter), name(commonName), keys.getPublic());
        try {
            var extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(leafKeyUsage(keys.getPublic())));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(certificate()));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, generalNames(names));
            }
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a certificate for " + commonName, e);
        }
        return new CertifiedKey(List.of(sign(builder, root.privateKey())), keys.getPrivate());
    }

    private static int leafKeyUsage(PublicKey key) {
        // RSA keys may also be used for RSA key exchange by TLS 1.2 clients that insist on it.
        return key.getAlgorithm().equals("RSA") ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                : KeyUsage.digitalSignature;
    }

    private static GeneralNames generalNames(List<SubjectAltName> names) {
        GeneralName[] general = new GeneralName[names.size()];
        for (int i = 0; i < general.length; i++) {
            SubjectAltName name = names.get(i);
            int tag = switch (name.type()) {
                case DNS -> GeneralName.dNSName;
                case IP -> GeneralName.iPAddress;
                case URI -> GeneralName.uniformResourceIdentifier;
            };
            general[i] = new GeneralName(tag, name.value());
        }
        return new GeneralNames(general);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
        try {
            var contentSigner = new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithm(signer)).build(signer);
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }

    private static X500Name name(String commonName) {
        if (commonName.isBlank()) {
            throw new IllegalArgumentException("the common name must not be blank");
        }
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static BigInteger serialNumber() {
        // Positive and at most 20 octets, as RFC 5280 requires; random so that no two collide.
        return new BigInteger(127, RANDOM).setBit(0);
    }

    private static void requirePositive(Duration validity) {
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority{" + certificate().getSubjectX500Principal().getName() + "}";
    }
}
