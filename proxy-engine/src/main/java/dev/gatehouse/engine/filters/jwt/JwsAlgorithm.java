package dev.gatehouse.engine.filters.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The JWS signing algorithms a provider may allow, by their JOSE names. Each belongs to one key
 * family; a token is only ever checked with a key of its algorithm's family, which is what stops
 * algorithm confusion (an {@code HS256} token "signed" with an RSA public key as the HMAC secret).
 * {@code none} is deliberately absent: unsigned tokens cannot be allowed.
 */
public enum JwsAlgorithm {
    RS256("RS256", KeyFamily.RSA, JWSAlgorithm.RS256),
    RS384("RS384", KeyFamily.RSA, JWSAlgorithm.RS384),
    RS512("RS512", KeyFamily.RSA, JWSAlgorithm.RS512),
    PS256("PS256", KeyFamily.RSA, JWSAlgorithm.PS256),
    PS384("PS384", KeyFamily.RSA, JWSAlgorithm.PS384),
    PS512("PS512", KeyFamily.RSA, JWSAlgorithm.PS512),
    ES256("ES256", KeyFamily.EC, JWSAlgorithm.ES256),
    ES384("ES384", KeyFamily.EC, JWSAlgorithm.ES384),
    ES512("ES512", KeyFamily.EC, JWSAlgorithm.ES512),
    /** Ed25519 under its original, curve-agnostic name (RFC 8037). */
    EDDSA("EdDSA", KeyFamily.OKP, JWSAlgorithm.EdDSA),
    /** Ed25519 under its fully specified name (RFC 9864). */
    ED25519("Ed25519", KeyFamily.OKP, JWSAlgorithm.Ed25519),
    HS256("HS256", KeyFamily.OCT, JWSAlgorithm.HS256),
    HS384("HS384", KeyFamily.OCT, JWSAlgorithm.HS384),
    HS512("HS512", KeyFamily.OCT, JWSAlgorithm.HS512);

    private final String joseName;
    private final KeyFamily family;
    private final JWSAlgorithm nimbus;

    JwsAlgorithm(String joseName, KeyFamily family, JWSAlgorithm nimbus) {
        this.joseName = joseName;
        this.family = family;
        this.nimbus = nimbus;
    }

    /** The name as written in a token's {@code alg} header and in config. */
    public String joseName() {
        return joseName;
    }

    /** True for the HMAC algorithms, which need a shared secret rather than a public key. */
    public boolean isSymmetric() {
        return family == KeyFamily.OCT;
    }

    /**
     * The algorithm named {@code name} (case-sensitive, as in JOSE).
     *
     * @throws IllegalArgumentException with the accepted names, fit for a config error
     */
    public static JwsAlgorithm fromJoseName(String name) {
        return lookup(name).orElseThrow(() -> new IllegalArgumentException("unknown JWS algorithm '" + name
                + "' (expected one of " + Arrays.stream(values()).map(JwsAlgorithm::joseName)
                .collect(Collectors.joining(", ")) + ")"));
    }

    static Optional<JwsAlgorithm> lookup(String name) {
        for (JwsAlgorithm a : values()) {
            if (a.joseName.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    KeyFamily family() {
        return family;
    }

    JWSAlgorithm nimbus() {
        return nimbus;
    }

    /** HMAC keys shorter than the hash output are refused (RFC 7518 §3.2). */
    int minimumSecretBytes() {
        return switch (this) {
            case HS256 -> 32;
            case HS384 -> 48;
            case HS512 -> 64;
            default -> 0;
        };
    }
}
