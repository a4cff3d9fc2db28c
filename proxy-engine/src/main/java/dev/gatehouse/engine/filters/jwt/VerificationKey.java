package dev.gatehouse.engine.filters.jwt;

import com.nimbusds.jose.JWSVerifier;
import java.util.Objects;

/**
 * One trusted key, ready to verify: its verifier is built once, when the key is loaded, not per
 * request.
 *
 * @param keyId  null when the key has no {@code kid} (a PEM key, a shared secret): then it is tried
 *               for any token of its family
 * @param pinned the JWK's own {@code alg}, or null: when set, the key verifies only that algorithm
 */
record VerificationKey(String keyId, KeyFamily family, JwsAlgorithm pinned, JWSVerifier verifier) {

    VerificationKey {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(verifier, "verifier");
    }

    /**
     * True if this key may check a token signed with {@code alg} naming {@code kid}. The family test
     * is what defeats algorithm confusion; the verifier's own list additionally ties EC keys to
     * their curve and HMAC secrets to their length.
     */
    boolean fits(JwsAlgorithm alg, String kid) {
        return alg.family() == family
                && (pinned == null || pinned == alg)
                && (keyId == null || kid == null || keyId.equals(kid))
                && verifier.supportedJWSAlgorithms().contains(alg.nimbus());
    }
}
