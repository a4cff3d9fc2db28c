package dev.gatehouse.engine.filters.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints development tokens with a lab's own key, so a learner needs no outside tool (the engine's
 * {@code token} command). A minted token carries {@code iss}, {@code sub}, {@code aud} (when
 * given), {@code iat}, {@code exp}, a random {@code jti} and a space-separated {@code scope}.
 */
public final class DevTokenMinter {
    private final DevSigningKey key;
    private final JwsAlgorithm algorithm;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    /**
     * @param audience null to mint tokens without {@code aud}
     * @throws IllegalArgumentException if {@code key} cannot sign with {@code algorithm}
     */
    public DevTokenMinter(DevSigningKey key, JwsAlgorithm algorithm, String issuer, String audience, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = audience;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!key.algorithms().contains(algorithm)) {
            throw new IllegalArgumentException("a key for " + key.algorithms() + " cannot sign " + algorithm.joseName());
        }
    }

    /**
     * A minter whose tokens {@code provider} accepts: its issuer, the alphabetically first of its
     * audiences (if any), and
     * the first of its allowed algorithms (in {@link JwsAlgorithm} order) the key can sign with.
     *
     * @throws IllegalArgumentException if the key fits none of the provider's algorithms
     */
    public static DevTokenMinter forProvider(JwtProvider provider, DevSigningKey key, Clock clock) {
        JwsAlgorithm algorithm = provider.algorithms().stream().filter(key.algorithms()::contains).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("provider '" + provider.name() + "' allows "
                        + provider.algorithms() + ", but the key signs only " + key.algorithms()));
        String audience = provider.audiences().stream().sorted().findFirst().orElse(null);
        return new DevTokenMinter(key, algorithm, provider.issuer(), audience, clock);
    }

    /**
     * A minter for a provider that verifies with a shared secret, signing with that same secret.
     *
     * @throws IllegalArgumentException if the provider's keys are not a shared secret (then a
     *                                  private key must be given, see {@link #forProvider(JwtProvider, DevSigningKey, Clock)})
     */
    public static DevTokenMinter forProvider(JwtProvider provider, Clock clock) {
        if (!(provider.keys() instanceof KeySource.SharedSecret secret)) {
            throw new IllegalArgumentException("provider '" + provider.name() + "' verifies with "
                    + provider.keys().describe() + "; minting needs the matching private key");
        }
        return forProvider(provider, DevSigningKey.sharedSecret(secret), clock);
    }

    /**
     * A signed compact JWS.
     *
     * @param scopes      granted scopes; none means no {@code scope} claim
     * @param ttl         lifetime from now; may be negative, to demonstrate an expired token
     * @param extraClaims set last, so they may also replace the standard ones (say, a wrong {@code iss})
     */
    public String mint(String subject, Collection<String> scopes, Duration ttl, Map<String, Object> extraClaims) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(extraClaims, "extraClaims");
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
        if (audience != null) {
            claims.audience(audience);
        }
        if (!scopes.isEmpty()) {
            claims.claim("scope", String.join(" ", scopes));
        }
        extraClaims.forEach(claims::claim);
        JWSHeader.Builder header = new JWSHeader.Builder(algorithm.nimbus()).type(JOSEObjectType.JWT);
        key.keyId().ifPresent(header::keyID);
        SignedJWT jwt = new SignedJWT(header.build(), claims.build());
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    @Override
    public String toString() {
        return "DevTokenMinter[iss=" + issuer + ", aud=" + audience + ", alg=" + algorithm.joseName() + ", key=" + key + "]";
    }
}
