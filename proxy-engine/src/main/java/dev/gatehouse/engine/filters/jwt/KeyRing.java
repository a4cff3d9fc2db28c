package dev.gatehouse.engine.filters.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An immutable set of verification keys, as loaded at one moment. Swapped whole when a JWKS is
 * refetched, so a request always sees one consistent set.
 */
final class KeyRing {
    static final KeyRing EMPTY = new KeyRing(List.of(), List.of());
    /** Bounds the keys taken from one JWKS, and so the work a kid-less token can cause. */
    static final int MAX_KEYS = 32;
    private static final int MIN_RSA_BITS = 2048;

    private final List<VerificationKey> keys;
    private final List<String> skipped;

    private KeyRing(List<VerificationKey> keys, List<String> skipped) {
        this.keys = List.copyOf(keys);
        this.skipped = List.copyOf(skipped);
    }

    /**
     * The signing keys of {@code jwks}. Keys that cannot be used are skipped with a reason rather
     * than failing the set: encryption keys, symmetric keys (a JWKS is public, so an {@code oct}
     * key in one is a misconfiguration, not a secret), RSA keys under 2048 bits, unsupported curves.
     */
    static KeyRing fromJwks(JWKSet jwks) {
        List<VerificationKey> keys = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JWK jwk : jwks.getKeys()) {
            String name = jwk.getKeyID() == null ? jwk.getKeyType() + " key" : "key " + LogText.quoted(jwk.getKeyID());
            if (keys.size() == MAX_KEYS) {
                skipped.add(name + ": more than " + MAX_KEYS + " keys");
                continue;
            }
            try {
                keys.add(toVerificationKey(jwk));
            } catch (UnusableKey e) {
                skipped.add(name + ": " + e.getMessage());
            }
        }
        return new KeyRing(keys, skipped);
    }

    static KeyRing ofSecret(KeySource.SharedSecret secret) {
        try {
            return new KeyRing(List.of(new VerificationKey(null, KeyFamily.OCT, null,
                    new MACVerifier(secret.secret()))), List.of());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable shared secret: " + e.getMessage(), e);
        }
    }

    int size() {
        return keys.size();
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /** Why keys of the source were left out; empty when all were usable. */
    List<String> skipped() {
        return skipped;
    }

    /**
     * False only when the token names a {@code kid} that no key here has, and every key here has
     * one: the case where a newer key set might have it.
     */
    boolean mayHold(String kid) {
        return kid == null || keys.stream().anyMatch(k -> k.keyId() == null || k.keyId().equals(kid));
    }

    List<VerificationKey> candidates(JwsAlgorithm alg, String kid) {
        List<VerificationKey> out = new ArrayList<>(2);
        for (VerificationKey k : keys) {
            if (k.fits(alg, kid)) {
                out.add(k);
            }
        }
        return out;
    }

    private static VerificationKey toVerificationKey(JWK jwk) throws UnusableKey {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            throw new UnusableKey("use is " + LogText.quoted(jwk.getKeyUse().identifier()) + ", not 'sig'");
        }
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
            throw new UnusableKey("key_ops lacks 'verify'");
        }
        JwsAlgorithm pinned = null;
        if (jwk.getAlgorithm() != null) {
            Optional<JwsAlgorithm> alg = JwsAlgorithm.lookup(jwk.getAlgorithm().getName());
            if (alg.isEmpty()) {
                throw new UnusableKey("alg " + LogText.quoted(jwk.getAlgorithm().getName()) + " not supported");
            }
            pinned = alg.get();
        }
        try {
            VerificationKey key = verificationKey(jwk, pinned);
            if (pinned != null && pinned.family() != key.family()) {
                throw new UnusableKey("alg " + pinned.joseName() + " does not fit a " + jwk.getKeyType() + " key");
            }
            return key;
        } catch (JOSEException | GeneralSecurityException e) {
            throw new UnusableKey(LogText.plain(e.getMessage()));
        }
    }

    private static VerificationKey verificationKey(JWK jwk, JwsAlgorithm pinned)
            throws UnusableKey, JOSEException, GeneralSecurityException {
        String kid = jwk.getKeyID();
        if (jwk instanceof RSAKey rsa) {
            if (rsa.size() < MIN_RSA_BITS) {
                throw new UnusableKey("RSA key of " + rsa.size() + " bits, at least " + MIN_RSA_BITS + " required");
            }
            return new VerificationKey(kid, KeyFamily.RSA, pinned, new RSASSAVerifier(rsa.toPublicJWK()));
        }
        if (jwk instanceof ECKey ec) {
            // The verifier checks the curve, and ECKey parsing has checked the point is on it.
            return new VerificationKey(kid, KeyFamily.EC, pinned, new ECDSAVerifier(ec.toPublicJWK()));
        }
        if (jwk instanceof OctetKeyPair okp) {
            if (!Curve.Ed25519.equals(okp.getCurve())) {
                throw new UnusableKey("curve " + okp.getCurve() + " not supported (only Ed25519)");
            }
            return new VerificationKey(kid, KeyFamily.OKP, pinned,
                    new EdDsaVerifier(Ed25519Keys.publicKey(okp.getDecodedX())));
        }
        if (jwk instanceof OctetSequenceKey) {
            throw new UnusableKey("symmetric keys are not taken from a JWKS; configure a shared secret");
        }
        throw new UnusableKey("key type " + jwk.getKeyType() + " not supported");
    }

    @Override
    public String toString() {
        return keys.size() + (keys.size() == 1 ? " key" : " keys") + (skipped.isEmpty() ? "" : ", skipped " + skipped);
    }

    /** Why one key of a set cannot be used. */
    private static final class UnusableKey extends Exception {
        UnusableKey(String reason) {
            super(reason, null, false, false);
        }
    }
}
