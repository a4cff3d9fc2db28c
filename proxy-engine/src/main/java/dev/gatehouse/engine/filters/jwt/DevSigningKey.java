package dev.gatehouse.engine.filters.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.text.ParseException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A private or secret key a lab uses to sign its own development tokens: an HMAC secret, or an
 * RSA, EC (P-256/384/521) or Ed25519 private key from PEM or JWK. Never used to verify anything;
 * the gateway verifies with the provider's configured public keys.
 */
public final class DevSigningKey {
    private final JWSSigner signer;
    private final Set<JwsAlgorithm> algorithms;
    private final String keyId;

    private DevSigningKey(JWSSigner signer, Set<JwsAlgorithm> algorithms, String keyId) {
        this.signer = signer;
        this.algorithms = Collections.unmodifiableSet(EnumSet.copyOf(algorithms));
        this.keyId = keyId;
    }

    /** The provider's own shared secret, for HS256/384/512 labs. */
    public static DevSigningKey sharedSecret(KeySource.SharedSecret secret) {
        Objects.requireNonNull(secret, "secret");
        try {
            return new DevSigningKey(new MACSigner(secret.secret()), hmacAlgorithms(secret.length()), null);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable shared secret: " + e.getMessage(), e);
        }
    }

    /**
     * A key from text: a PEM private key (PKCS#8, SEC 1 {@code EC PRIVATE KEY}, PKCS#1
     * {@code RSA PRIVATE KEY}), a private JWK, or a JWKS holding exactly one private key. A JWK's
     * {@code kid} is kept and put in minted tokens' headers.
     *
     * @throws IllegalArgumentException if no usable private key is there
     */
    public static DevSigningKey parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.startsWith("{")) {
            return fromJwk(singlePrivateJwk(t));
        }
        return fromPrivateKey(PemKeys.privateKey(t), null);
    }

    /** {@link #parse} of a file's content. */
    public static DevSigningKey read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The same key, putting {@code keyId} in the {@code kid} header (PEM keys have none of their own). */
    public DevSigningKey withKeyId(String keyId) {
        return new DevSigningKey(signer, algorithms, Objects.requireNonNull(keyId, "keyId"));
    }

    /** The algorithms this key can sign with. */
    public Set<JwsAlgorithm> algorithms() {
        return algorithms;
    }

    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    JWSSigner signer() {
        return signer;
    }

    @Override
    public String toString() {
        // Says what the key can do, never what it is.
        return "DevSigningKey[algorithms=" + algorithms + (keyId == null ? "" : ", kid=" + keyId) + "]";
    }

    private static JWK singlePrivateJwk(String json) {
        try {
            if (json.contains("\"keys\"")) {
                List<JWK> keys = JWKSet.parse(json).getKeys().stream().filter(JWK::isPrivate).toList();
                if (keys.size() != 1) {
                    throw new IllegalArgumentException("a JWKS for signing must hold exactly one private key, found "
                            + keys.size());
                }
                return keys.get(0);
            }
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid JWK: " + e.getMessage(), e);
        }
    }

    private static DevSigningKey fromJwk(JWK jwk) {
        if (!jwk.isPrivate()) {
            throw new IllegalArgumentException("the JWK has no private part; a token cannot be signed with it");
        }
        try {
            if (jwk instanceof RSAKey rsa) {
                return new DevSigningKey(new RSASSASigner(rsa), rsaAlgorithms(), jwk.getKeyID());
            }
            if (jwk instanceof ECKey ec) {
                return new DevSigningKey(new ECDSASigner(ec), ecAlgorithms(ec.getCurve()), jwk.getKeyID());
            }
            if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
                return new DevSigningKey(new EdDsaSigner(Ed25519Keys.privateKey(okp.getDecodedD())),
                        EnumSet.of(JwsAlgorithm.EDDSA, JwsAlgorithm.ED25519), jwk.getKeyID());
            }
            if (jwk instanceof OctetSequenceKey oct) {
                byte[] secret = oct.toByteArray();
                return new DevSigningKey(new MACSigner(secret), hmacAlgorithms(secret.length), jwk.getKeyID());
            }
        } catch (JOSEException | GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable signing key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unsupported signing key type " + jwk.getKeyType());
    }

    private static DevSigningKey fromPrivateKey(PrivateKey key, String keyId) {
        try {
            if (key instanceof RSAPrivateKey) {
                return new DevSigningKey(new RSASSASigner(key), rsaAlgorithms(), keyId);
            }
            if (key instanceof ECPrivateKey ec) {
                Curve curve = Curve.forECParameterSpec(ec.getParams());
                if (curve == null) {
                    throw new IllegalArgumentException("unsupported EC curve");
                }
                return new DevSigningKey(new ECDSASigner(ec), ecAlgorithms(curve), keyId);
            }
            if (key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA")) {
                return new DevSigningKey(new EdDsaSigner(Ed25519Keys.privateKey(Ed25519Keys.rawPrivate(key))),
                        EnumSet.of(JwsAlgorithm.EDDSA, JwsAlgorithm.ED25519), keyId);
            }
        } catch (JOSEException | GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable signing key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unsupported private key type " + key.getAlgorithm());
    }

    private static Set<JwsAlgorithm> rsaAlgorithms() {
        return EnumSet.of(JwsAlgorithm.RS256, JwsAlgorithm.RS384, JwsAlgorithm.RS512,
                JwsAlgorithm.PS256, JwsAlgorithm.PS384, JwsAlgorithm.PS512);
    }

    private static Set<JwsAlgorithm> ecAlgorithms(Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return EnumSet.of(JwsAlgorithm.ES256);
        }
        if (Curve.P_384.equals(curve)) {
            return EnumSet.of(JwsAlgorithm.ES384);
        }
        if (Curve.P_521.equals(curve)) {
            return EnumSet.of(JwsAlgorithm.ES512);
        }
        throw new IllegalArgumentException("unsupported EC curve " + curve);
    }

    private static Set<JwsAlgorithm> hmacAlgorithms(int secretBytes) {
        Set<JwsAlgorithm> algs = EnumSet.noneOf(JwsAlgorithm.class);
        for (JwsAlgorithm a : List.of(JwsAlgorithm.HS256, JwsAlgorithm.HS384, JwsAlgorithm.HS512)) {
            if (secretBytes >= a.minimumSecretBytes()) {
                algs.add(a);
            }
        }
        if (algs.isEmpty()) {
            throw new IllegalArgumentException("an HMAC secret needs at least 32 bytes, got " + secretBytes);
        }
        return algs;
    }
}
