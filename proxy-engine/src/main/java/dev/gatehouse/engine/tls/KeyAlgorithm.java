package dev.gatehouse.engine.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/**
 * The kinds of key the development CA makes. EC P-256 is the default: small, fast and accepted by
 * every TLS 1.2+ client; RSA is there for clients that still need it.
 */
public enum KeyAlgorithm {
    EC_P256("ec-p256"),
    RSA_2048("rsa-2048"),
    RSA_3072("rsa-3072");

    private final String cliName;

    KeyAlgorithm(String cliName) {
        this.cliName = cliName;
    }

    /** The name the command line uses, e.g. {@code ec-p256}. */
    public String cliName() {
        return cliName;
    }

    /** The algorithm with that command-line name (case-insensitive); {@code ec} and {@code rsa} name the defaults. */
    public static KeyAlgorithm ofCliName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("ec")) {
            return EC_P256;
        }
        if (lower.equals("rsa")) {
            return RSA_2048;
        }
        for (KeyAlgorithm a : values()) {
            if (a.cliName.equals(lower)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown key type '" + name + "'; expected ec, rsa, ec-p256, rsa-2048 or rsa-3072");
    }

    /** A fresh key pair. */
    public KeyPair generate() {
        try {
            if (this == EC_P256) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(this == RSA_2048 ? 2048 : 3072);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make " + cliName + " keys", e);
        }
    }

    /**
     * The signature algorithm a key of this kind signs with; the issuer's key decides how a
     * certificate is signed, whatever the subject's key is.
     *
     * @throws IllegalArgumentException for a key of another kind (e.g. Ed25519)
     */
    static String signatureAlgorithm(PrivateKey signer) {
        return switch (signer.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("cannot sign with a " + signer.getAlgorithm()
                    + " key; the development CA uses EC or RSA keys");
        };
    }
}
