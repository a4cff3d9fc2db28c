package dev.gatehouse.engine.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM files of certificates and private keys. Reading accepts what OpenSSL, cert-manager and our own
 * CA write: any number of {@code CERTIFICATE} blocks, and one unencrypted key as PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}). Writing
 * produces certificates and PKCS#8 keys, each file replaced in one atomic move so a process watching
 * it never reads half of one; key files are readable by their owner only, where the file system
 * has POSIX permissions.
 */
public final class PemFiles {
    private PemFiles() {
    }

    /**
     * The certificates of a PEM file, in file order (a leaf first, then its issuers).
     *
     * @throws CertificateFileException if the file cannot be read or holds no certificate
     */
    public static List<X509Certificate> readCertificates(Path file) throws CertificateFileException {
        String text = read(file);
        List<X509Certificate> certificates = new ArrayList<>();
        var converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException e) {
            throw new CertificateFileException(file + " is not a valid PEM certificate file: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new CertificateFileException(file + " holds no certificate (expected a PEM block "
                    + "'-----BEGIN CERTIFICATE-----')");
        }
        return certificates;
    }

    /**
     * The one private key of a PEM file.
     *
     * @throws CertificateFileException if the file cannot be read, holds no key or several, or an
     *                                  encrypted one (there is nowhere to put a passphrase)
     */
    public static PrivateKey readPrivateKey(Path file) throws CertificateFileException {
        String text = read(file);
        List<PrivateKey> keys = new ArrayList<>();
        var converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof PrivateKeyInfo info) {
                    keys.add(converter.getPrivateKey(info));
                } else if (item instanceof PEMKeyPair pair) {
                    keys.add(converter.getKeyPair(pair).getPrivate());
                } else if (item instanceof PKCS8EncryptedPrivateKeyInfo || item instanceof PEMEncryptedKeyPair) {
                    throw new CertificateFileException(file + " holds an encrypted private key; decrypt it first "
                            + "(openssl pkey -in " + file.getFileName() + " -out key.pem)");
                }
            }
        } catch (CertificateFileException e) {
            throw e;
        } catch (IOException e) {
            throw new CertificateFileException(file + " is not a valid PEM key file: " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new CertificateFileException(file + " holds no private key (expected a PEM block such as "
                    + "'-----BEGIN PRIVATE KEY-----')");
        }
        if (keys.size() > 1) {
            throw new CertificateFileException(file + " holds " + keys.size() + " private keys; expected one");
        }
        return keys.get(0);
    }

    /** Certificates as PEM text, in list order. */
    public static String certificatesPem(List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                pem.append(block("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("cannot encode " + certificate.getSubjectX500Principal(), e);
            }
        }
        return pem.toString();
    }

    /** A private key as PKCS#8 PEM text ({@code PRIVATE KEY}). */
    public static String privateKeyPem(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("a " + key.getAlgorithm() + " key in " + key.getFormat()
                    + " format cannot be written as PKCS#8");
        }
        return block("PRIVATE KEY", key.getEncoded());
    }

    /** Writes certificates to {@code file}, replacing it atomically. */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        replace(file, certificatesPem(certificates), false);
    }

    /** Writes a PKCS#8 key to {@code file}, replacing it atomically, readable by its owner only. */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        replace(file, privateKeyPem(key), true);
    }

    private static String block(String label, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
    }

    private static String read(Path file) throws CertificateFileException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CertificateFileException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CertificateFileException(file + ": permission denied");
        } catch (IOException e) {
            throw new CertificateFileException(file + (Files.isDirectory(file) ? " is a directory, not a PEM file"
                    : ": cannot read: " + e.getMessage()), e);
        }
        if (bytes.length > 0 && bytes[0] == 0x30) { // an ASN.1 SEQUENCE: binary DER, not PEM text
            throw new CertificateFileException(file + " is DER, not PEM; convert it with: openssl x509 -inform der -in "
                    + file.getFileName() + " -out " + file.getFileName() + ".pem (or openssl pkey for a key)");
        }
        // Latin-1 reads any byte: text around the PEM blocks (openssl's "Bag Attributes") is skipped by the parser.
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes next to the target and moves over it, so readers see the old file or the new one. The
     * temporary file of a key gets its owner-only permissions before any key byte is in it.
     */
    private static void replace(Path file, String text, boolean secret) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = secret && directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
