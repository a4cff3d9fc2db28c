package dev.gatehouse.engine.filters.jwt;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Converts between JWK's raw Ed25519 key bytes (RFC 8037) and the JDK's key objects. The JDK has
 * done Ed25519 since 15, so EdDSA needs neither Tink (which Nimbus's own Ed25519 classes require)
 * nor BouncyCastle.
 */
final class Ed25519Keys {
    static final int KEY_BYTES = 32;
    /** DER of SubjectPublicKeyInfo up to the key: SEQUENCE { AlgorithmIdentifier { 1.3.101.112 }, BIT STRING ... }. */
    private static final byte[] SPKI_PREFIX = hex("302a300506032b6570032100");
    /** DER of a PKCS#8 v1 PrivateKeyInfo up to the key, for the same OID. */
    private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");

    private Ed25519Keys() {
    }

    static PublicKey publicKey(byte[] x) throws GeneralSecurityException {
        requireLength(x);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, x)));
    }

    static PrivateKey privateKey(byte[] d) throws GeneralSecurityException {
        requireLength(d);
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, d)));
    }

    /** The raw 32-byte public key {@code x} of a JDK Ed25519 public key. */
    static byte[] rawPublic(PublicKey key) throws GeneralSecurityException {
        byte[] spki = key.getEncoded();
        if (spki == null || spki.length != SPKI_PREFIX.length + KEY_BYTES
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new GeneralSecurityException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
    }

    /** The raw 32-byte private key {@code d} of a JDK Ed25519 private key. */
    static byte[] rawPrivate(PrivateKey key) throws GeneralSecurityException {
        if (key instanceof EdECPrivateKey ed && ed.getParams().getName().equalsIgnoreCase("Ed25519")) {
            return ed.getBytes().orElseThrow(() -> new GeneralSecurityException("Ed25519 key bytes not extractable"));
        }
        throw new GeneralSecurityException("not an Ed25519 private key: " + key.getAlgorithm());
    }

    private static void requireLength(byte[] raw) throws GeneralSecurityException {
        if (raw.length != KEY_BYTES) {
            throw new GeneralSecurityException("Ed25519 keys are " + KEY_BYTES + " bytes, got " + raw.length);
        }
    }

    private static byte[] concat(byte[] prefix, byte[] raw) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + raw.length);
        System.arraycopy(raw, 0, out, prefix.length, raw.length);
        return out;
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
