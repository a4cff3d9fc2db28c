package dev.gatehouse.engine.filters.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Real keys, generated once per test JVM: RSA (three, one an attacker's reusing a trusted kid),
 * EC on each NIST curve, Ed25519 (through the JDK, as Nimbus's generator needs Tink) and an
 * HMAC secret.
 */
final class TestKeys {
    static final RSAKey RSA = rsa("rsa-1");
    static final RSAKey RSA_ROTATED = rsa("rsa-2");
    /** Not trusted anywhere, but claims the trusted key's kid. */
    static final RSAKey RSA_ATTACKER = rsa("rsa-1");
    static final ECKey EC_P256 = ec(Curve.P_256, "ec-256");
    static final ECKey EC_P384 = ec(Curve.P_384, "ec-384");
    static final ECKey EC_P521 = ec(Curve.P_521, "ec-521");
    static final OctetKeyPair ED25519 = ed25519("ed-1");
    static final OctetKeyPair ED25519_OTHER = ed25519("ed-1");
    static final byte[] HMAC_SECRET = random(64);

    private TestKeys() {
    }

    /** The public JWKS of {@code keys}, as a key server would publish it. */
    static String jwks(JWK... keys) {
        return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
    }

    static JWSSigner signer(JWK key) {
        try {
            if (key instanceof RSAKey rsa) {
                return new RSASSASigner(rsa);
            }
            if (key instanceof ECKey ec) {
                return new ECDSASigner(ec);
            }
            if (key instanceof OctetKeyPair okp) {
                return new EdDsaSigner(Ed25519Keys.privateKey(okp.getDecodedD()));
            }
        } catch (JOSEException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalArgumentException(key.getKeyType().getValue());
    }

    static String publicPem(java.security.PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static KeyPair ed25519KeyPair(OctetKeyPair okp) {
        try {
            return new KeyPair(Ed25519Keys.publicKey(okp.getDecodedX()), Ed25519Keys.privateKey(okp.getDecodedD()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey ec(Curve curve, String kid) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OctetKeyPair ed25519(String kid) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Ed25519Keys.rawPublic(pair.getPublic())))
                    .d(Base64URL.encode(Ed25519Keys.rawPrivate(pair.getPrivate())))
                    .keyID(kid)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
